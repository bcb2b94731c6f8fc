package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JDBC calls of an application with no Bulwark annotation, guarded per database by the real agent. */
class JdbcIT {
    private static final String APP = "dev.bulwark.it.app.jdbc.JdbcApp";
    private static final String PASSWORD = "s3cr3t-pw";

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private AgentJvm.Result run(Path jdk, String yaml, String scenario) throws Exception {
        AgentJvm.Result r = AgentJvm.runConfigured(jdk, dir, yaml, APP, scenario);
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), () -> "the password leaked:\n" + r);
        return r;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void errorsOfTheApplicationsOwnMakingNeverOpenTheBreaker(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "jdbc: {enabled: true}\n", "h2-errors");
        assertTrue(r.outLines().contains("syntax errors=30 then query=42"), r::toString);
        assertFalse(r.out().contains("event CLOSED->OPEN"), r::toString);
        assertTrue(r.err().contains("JDBC statements and connections"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBulkheadCapsConcurrentStatementsWithAnSqlException(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, """
                jdbc:
                  databases:
                    "jdbc:h2:mem:bulkhead":
                      bulkhead: {max-concurrent-calls: 1}
                """, "h2-bulkhead");
        assertTrue(r.outLines().contains("second statement rejected: SQLTransientConnectionException state=BW002 transient=true"),
                r::toString);
        assertTrue(r.outLines().contains("message=Bulwark rejected a statement on jdbc:h2:mem:bulkhead: Bulwark "
                + "bulkhead 'jdbc:h2:mem:bulkhead' is full: call to jdbc:h2:mem:bulkhead rejected; 1 concurrent call "
                + "allowed, no waiting"), r::toString);
        assertTrue(r.outLines().contains("after release ran"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTransientPostgresFailureIsRetriedOutsideATransactionOnly(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        AgentJvm.Result r = run(jdk, "jdbc:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "pg-transient");
        assertTrue(r.outLines().contains("autocommit call succeeded"), r::toString);
        assertEquals(2, r.outLines().stream().filter(l -> l.startsWith("event retry")).count(), r::toString);
        assertTrue(r.outLines().contains("transaction call failed state=40001"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTransientMariaDbFailureIsRetriedOutsideATransactionOnly(Path jdk) throws Exception {
        Databases.require("MariaDB", 3306);
        AgentJvm.Result r = run(jdk, "jdbc:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "mariadb-transient");
        assertTrue(r.outLines().contains("autocommit call succeeded"), r::toString);
        assertEquals(2, r.outLines().stream().filter(l -> l.startsWith("event retry")).count(), r::toString);
        assertTrue(r.outLines().contains("transaction call failed state=40001"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBreakerOpensWhenTheDatabaseBecomesUnreachableAndClosesWhenItReturns(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        AgentJvm.Result r = run(jdk, """
                jdbc:
                  databases:
                    "jdbc:postgresql://127.0.0.1:*":
                      circuit-breaker:
                        sliding-window-size: 4
                        minimum-number-of-calls: 4
                        wait-duration-in-open-state: 1s
                        permitted-number-of-calls-in-half-open-state: 1
                      retry: {max-attempts: 1}
                """, "pg-outage");
        List<String> out = r.outLines();
        assertTrue(out.contains("query 1"), r::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("during outage failed 08")), r::toString);
        assertTrue(out.contains("during outage rejected BW001"), r::toString);
        assertTrue(out.contains("event CLOSED->OPEN"), r::toString);
        assertTrue(out.contains("after restore 1"), r::toString);
        assertTrue(out.contains("event HALF_OPEN->CLOSED"), r::toString);
    }
}
