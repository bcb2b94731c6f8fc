package dev.bulwark.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the JDBC benchmarks (the {@code *Jdbc*} classes) share: the local PostgreSQL they connect to
 * (127.0.0.1:5432, trust authentication, database {@code test}, as the integration tests use it; any
 * password is accepted), the query they run, and the checks that make a fork fail rather than measure
 * the wrong thing (a connection pooled, or not, other than the benchmark says).
 */
final class Jdbc {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    static final String PASSWORD = "x";
    static final String QUERY = "SELECT 1";

    /** HikariCP's pool size, and Bulwark's jdbc.pool.max-size default: the same in both pools. */
    static final int POOL_SIZE = 10;

    /** Bulwark's connection wrapper: what DriverManager.getConnection returns when the agent pools. */
    static final String BULWARK_POOLED = "dev.bulwark.agent.jdbc.PooledConnection";
    /** The driver's own connection: what DriverManager.getConnection returns when nothing pools. */
    static final String DRIVER_CONNECTION = "org.postgresql.jdbc.PgConnection";

    private Jdbc() {
    }

    static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(URL, USER, PASSWORD);
        } catch (SQLException e) {
            throw new SQLException("the JDBC benchmarks need PostgreSQL on 127.0.0.1:5432 with trust authentication and "
                    + "a database 'test' (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) "
                    + "main start): " + e, e);
        }
    }

    /** The simple query: execute, read the one row, close the result set. */
    static int selectOne(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Fails unless DriverManager.getConnection hands out connections of this class. */
    static void requireConnectionClass(String expected, String why) throws SQLException {
        try (Connection c = connect()) {
            String actual = c.getClass().getName();
            if (!actual.equals(expected)) {
                throw new IllegalStateException("DriverManager.getConnection returned a " + actual + ", expected a "
                        + expected + " (" + why + ")");
            }
        }
    }

    /** Fails unless the fork runs with the OpenTelemetry Java agent (run.sh copies it to target/otel/). */
    static void requireOpenTelemetryAgent() {
        boolean flag = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("opentelemetry-javaagent"));
        boolean loaded;
        try {
            // The agent puts its bootstrap classes on the boot class path.
            Class.forName("io.opentelemetry.javaagent.bootstrap.AgentInitializer", false, null);
            loaded = true;
        } catch (ClassNotFoundException e) {
            loaded = false;
        }
        if (!flag || !loaded) {
            throw new IllegalStateException("this benchmark needs the OpenTelemetry Java agent in its fork: run it "
                    + "through benchmarks/run.sh, which copies it to " + Settings.OPENTELEMETRY_AGENT_JAR);
        }
    }
}
