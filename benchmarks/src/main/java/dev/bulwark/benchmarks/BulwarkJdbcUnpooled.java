package dev.bulwark.benchmarks;

import java.sql.Connection;
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
 * The agent attached with its pool turned off ({@code -Dbulwark.jdbc.pool.enabled=false}): every
 * DriverManager.getConnection opens a real PostgreSQL connection (through the guarded Driver.connect,
 * so the database's breaker and retry still apply) and close() closes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT, "-Dbulwark.jdbc.pool.enabled=false"})
public class BulwarkJdbcUnpooled {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireAgent();
        Jdbc.requireConnectionClass(Jdbc.DRIVER_CONNECTION, "-Dbulwark.jdbc.pool.enabled=false turns pooling off");
        Jdbc.requireConnectionClass(Jdbc.DRIVER_CONNECTION, "-Dbulwark.jdbc.pool.enabled=false turns pooling off");
    }

    @Benchmark
    public Connection cycleUnpooled() throws SQLException {
        Connection c = Jdbc.connect();
        c.close();
        return c;
    }
}
