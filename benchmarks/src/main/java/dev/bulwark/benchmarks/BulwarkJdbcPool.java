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
import org.openjdk.jmh.annotations.Threads;

/**
 * Bulwark's transparent pool as an application gets it: plain DriverManager.getConnection + close
 * with the agent attached and its defaults (jdbc.pool.max-size 10), so close() gives the
 * connection back to the pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT})
public class BulwarkJdbcPool {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireAgent();
        // The first call opens the pool's first connection; from then on connections are lent.
        Jdbc.requireConnectionClass(Jdbc.BULWARK_POOLED, "the agent pools DriverManager connections by default");
        Jdbc.requireConnectionClass(Jdbc.BULWARK_POOLED, "the agent pools DriverManager connections by default");
    }

    @Benchmark
    public Connection cycle() throws SQLException {
        Connection c = Jdbc.connect();
        c.close();
        return c;
    }

    /** Four threads borrowing from the one pool (on 2 cores, they also wait for a core). */
    @Benchmark
    @Threads(4)
    public Connection cycle4Threads() throws SQLException {
        Connection c = Jdbc.connect();
        c.close();
        return c;
    }
}
