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
 * The simple query with the agent attached but its JDBC guard turned off
 * ({@code -Dbulwark.jdbc.enabled=false}, which also turns the pool off): what the agent costs a
 * statement it does not guard.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT, "-Dbulwark.jdbc.enabled=false"})
public class BulwarkJdbcGuardOff {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireAgent();
        Jdbc.requireConnectionClass(Jdbc.DRIVER_CONNECTION, "-Dbulwark.jdbc.enabled=false turns pooling off too");
    }

    @Benchmark
    public int query(HeldQuery held) throws SQLException {
        return Jdbc.selectOne(held.statement);
    }
}
