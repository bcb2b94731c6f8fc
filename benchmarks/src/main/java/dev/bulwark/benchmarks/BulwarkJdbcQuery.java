package dev.bulwark.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simple query with the agent attached and its JDBC guard on (the default): executeQuery passes
 * the database's circuit breaker and retry. The connection is one borrowed from Bulwark's pool, as
 * DriverManager.getConnection hands it out; the statement is the driver's own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT})
public class BulwarkJdbcQuery {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireAgent();
        Jdbc.requireConnectionClass(Jdbc.BULWARK_POOLED, "the agent pools DriverManager connections by default");
    }

    @Benchmark
    public int query(HeldQuery held) throws SQLException {
        return Jdbc.selectOne(held.statement);
    }
}
