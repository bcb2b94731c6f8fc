package dev.bulwark.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * An application that already pools with HikariCP, with Bulwark's agent attached: HikariCP's
 * connections must not be pooled a second time (the setup fails if one is), and HikariCP's
 * getConnection passes the database's circuit breaker (a DataSource that pools is not retried).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT})
public class BulwarkJdbcHikariCP {
    private HikariDataSource pool;

    @Setup
    public void setUp() throws Exception {
        AgentCheck.requireAgent();
        pool = JdbcHikariCP.hikari();
        try (Connection c = pool.getConnection()) {
            // HikariCP's proxy keeps the connection it wraps in ProxyConnection.delegate.
            Field delegate = Class.forName("com.zaxxer.hikari.pool.ProxyConnection").getDeclaredField("delegate");
            delegate.setAccessible(true);
            String inner = delegate.get(c).getClass().getName();
            if (!inner.equals(Jdbc.DRIVER_CONNECTION)) {
                throw new IllegalStateException("HikariCP's connection wraps a " + inner + ", not the driver's "
                        + Jdbc.DRIVER_CONNECTION + ": pooled twice?");
            }
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public Connection cycle() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        return c;
    }
}
