package dev.bulwark.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
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
 * JDBC with no agent and no pool: what an application that calls DriverManager.getConnection for
 * every unit of work pays without Bulwark, and the simple query with nothing attached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JdbcPlain {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireNoAgent();
        Jdbc.requireConnectionClass(Jdbc.DRIVER_CONNECTION, "no agent: nothing pools");
    }

    /** A real PostgreSQL connection opened and closed per call (a server process started and ended). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection cycleUnpooled() throws SQLException {
        Connection c = Jdbc.connect();
        c.close();
        return c;
    }

    /**
     * A reference, not JDBC: what {@code DriverManager.getConnection(url, user, password)} does before
     * any driver or pool is asked (JDK 17's code: a Properties with the user and the password). Every
     * DriverManager cycle, pooled or not, pays it; HikariCP's getConnection() does not.
     */
    @Benchmark
    public Properties driverManagerArguments() {
        Properties info = new Properties();
        info.put("user", Jdbc.USER);
        info.put("password", Jdbc.PASSWORD);
        return info;
    }

    @Benchmark
    public int query(HeldQuery held) throws SQLException {
        return Jdbc.selectOne(held.statement);
    }
}
