package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The transparent pool of DriverManager connections, with the real agent, against H2 and PostgreSQL. */
class PoolIT {
    private static final String APP = "dev.bulwark.it.app.jdbc.PoolApp";
    private static final String PASSWORD = "s3cr3t-pw";

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private AgentJvm.Result run(Path jdk, String yaml, String scenario) throws Exception {
        AgentJvm.Result r = AgentJvm.runConfigured(jdk, dir, yaml, APP, scenario);
        assertTrue(r.outLines().contains("done"), r::toString);
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), () -> "the password leaked:\n" + r);
        return r;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void driverManagerConnectionsAreReusedAndAClosedOneIsDead(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "jdbc: {enabled: true}\n", "h2-reuse");
        List<String> out = r.outLines();
        assertTrue(out.contains("connection class PooledConnection"), r::toString);
        assertTrue(out.contains("sessions used 1"), r::toString);
        // 99 waits: the first connection was opened by DriverManager itself and then taken into the pool.
        assertTrue(out.contains("pool jdbc:h2:mem:reuse idle=1 used=0 waits=99 uses=100"), r::toString);
        assertTrue(out.contains("statements timed 100"), r::toString);
        assertTrue(out.contains("after close: 08003 Bulwark: this pooled connection is closed"), r::toString);
        assertTrue(r.err().contains("pooling connections to jdbc:h2:mem:reuse (jdbc.pool.max-size 10)"),
                r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void poolingCanBeTurnedOff(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "jdbc:\n  pool: {enabled: false}\n", "h2-other-pools");
        assertTrue(r.outLines().contains("pools for plain 0"), r::toString);
        assertFalse(r.err().contains("pooling connections"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aReturnedPostgresConnectionIsResetTheWayHikariDoesIt(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        assertReset(run(jdk, "jdbc: {enabled: true}\n", "pg-reset"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aReturnedMariaDbConnectionIsResetTheWayHikariDoesIt(Path jdk) throws Exception {
        Databases.require("MariaDB", 3306);
        assertReset(run(jdk, "jdbc: {enabled: true}\n", "mariadb-reset"));
    }

    private static void assertReset(AgentJvm.Result r) {
        List<String> out = r.outLines();
        assertTrue(out.contains("inserted without commit"), r::toString);
        assertTrue(out.contains("statement left open is closed true"), r::toString);
        assertTrue(out.contains("same backend true"), r::toString);
        assertTrue(out.contains("autoCommit true"), r::toString);
        assertTrue(out.contains("isolation restored true"), r::toString);
        assertTrue(out.contains("rows 0"), () -> "the uncommitted insert was not rolled back:\n" + r);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void connectionsTheServerKillsAreValidatedOutAndRetired(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        AgentJvm.Result r = run(jdk, "jdbc:\n  pool: {validate-after-idle: 0ms}\n", "pg-evict");
        List<String> out = r.outLines();
        assertTrue(out.contains("after idle kill: new backend true query 1"), r::toString);
        assertTrue(out.contains("in-use kill failed 57") || out.contains("in-use kill failed 08"), r::toString);
        assertTrue(out.contains("after in-use kill: new backend true"), r::toString);
        assertTrue(out.contains("retired at least 4 true"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aLeakIsReportedWithTheBorrowersStack(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "jdbc:\n  pool: {leak-detection-threshold: 200ms}\n", "h2-leak");
        assertTrue(r.outLines().contains("leaks reported 1"), r::toString);
        assertTrue(r.err().contains("possible connection leak: a connection of pool jdbc:h2:mem:leak has "
                + "been in use for"), r::toString);
        assertTrue(r.err().contains("at dev.bulwark.it.app.jdbc.PoolApp.borrowAndForget(PoolApp.java"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void hikariCpAndDataSourcesAreNeverPooledTwice(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "jdbc: {enabled: true}\n", "h2-other-pools");
        List<String> out = r.outLines();
        assertTrue(out.contains("hikari connection HikariProxyConnection"), r::toString);
        assertTrue(out.contains("datasource connection true"), r::toString);
        assertTrue(out.contains("pools for hikari 0"), r::toString);
        assertTrue(out.contains("pools for plain 0"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void dataSourceGetConnectionPassesTheDatabasesBreaker(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        AgentJvm.Result r = run(jdk, """
                jdbc:
                  databases:
                    "jdbc:postgresql://127.0.0.1:*":
                      circuit-breaker: {sliding-window-size: 4, minimum-number-of-calls: 4}
                      retry: {max-attempts: 1}
                """, "pg-datasource-outage");
        List<String> out = r.outLines();
        assertTrue(out.contains("datasource query 1"), r::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("datasource during outage 08")), r::toString);
        assertTrue(out.contains("datasource during outage BW001"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void fiftyThreadsRideOutARestartOfTheConnectionPath(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        AgentJvm.Result r = run(jdk, """
                jdbc:
                  pool: {acquire-timeout: 2s}
                  databases:
                    "jdbc:postgresql://127.0.0.1:*":
                      circuit-breaker: {wait-duration-in-open-state: 500ms}
                """, "pg-restart");
        List<String> out = r.outLines();
        assertTrue(out.contains("longest wait bounded by the acquire timeout true"), r::toString);
        assertTrue(out.contains("failed during cut true"), r::toString);
        assertTrue(out.contains("in use after 0"), () -> "a connection leaked:\n" + r);
        assertTrue(out.contains("waiting after 0"), r::toString);
        assertTrue(out.contains("refilled true"), r::toString);
        assertTrue(out.contains("query after 1"), r::toString);
    }
}
