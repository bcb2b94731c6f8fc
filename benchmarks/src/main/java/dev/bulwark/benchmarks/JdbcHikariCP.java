package dev.bulwark.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * HikariCP's getConnection + close, no agent: the pool Bulwark's transparent pool is measured against.
 * HikariCP's defaults except maximumPoolSize = 10 (Bulwark's jdbc.pool.max-size default); HikariCP
 * then keeps all 10 open (its minimumIdle defaults to the maximum), Bulwark opens them on demand.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JdbcHikariCP {
    private HikariDataSource pool;

    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireNoAgent();
        pool = hikari();
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    static HikariDataSource hikari() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Jdbc.URL);
        config.setUsername(Jdbc.USER);
        config.setPassword(Jdbc.PASSWORD);
        config.setMaximumPoolSize(Jdbc.POOL_SIZE);
        config.setPoolName("benchmark");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            c.isValid(1);
        }
        return pool;
    }

    @Benchmark
    public Connection cycle() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        return c;
    }

    /** Four threads borrowing from the one pool (on 2 cores, they also wait for a core). */
    @Benchmark
    @Threads(4)
    public Connection cycle4Threads() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        return c;
    }
}
