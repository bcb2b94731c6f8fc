package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.pool.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc: section, read and checked like the rest of the file. */
class JdbcRulesTest {
    @TempDir
    Path dir;

    private Loader.Result load(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return Loader.load(file, null, null, Map.of(), new Properties());
    }

    private List<String> errors(String yaml) throws Exception {
        return load(yaml).errors().stream().map(e -> e.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void everyJdbcKeyIsRead() throws Exception {
        Loader.Result r = load("""
                jdbc:
                  enabled: true
                  retry-sql-states: [57P03, HY]
                  statement-timeout: 30s
                  defaults:
                    retry: {max-attempts: 5}
                  databases:
                    "jdbc:postgresql://db1:5432/*":
                      circuit-breaker: {failure-rate-threshold: 25}
                      bulkhead: {max-concurrent-calls: 4}
                """);
        assertEquals(List.of(), r.errors());
        JdbcRules jdbc = r.rules().jdbc();
        assertTrue(jdbc.enabled());
        assertEquals(Set.of("57P03", "HY"), jdbc.retrySqlStates());
        assertEquals(30_000_000_000L, jdbc.statementTimeoutNanos());
        assertEquals(5, jdbc.defaults().get(PolicyType.RETRY).get("maxAttempts").value());
        List<DatabaseRule> matching = jdbc.rulesFor("jdbc:postgresql://db1:5432/orders");
        assertEquals(1, matching.size());
        assertEquals(25.0, matching.get(0).settings().get(PolicyType.CIRCUIT_BREAKER).get("failureRateThreshold").value());
        assertTrue(jdbc.rulesFor("jdbc:postgresql://db2:5432/orders").isEmpty());
    }

    @Test
    void everyPoolKeyIsReadOverTheDefaults() throws Exception {
        Loader.Result r = load("""
                jdbc:
                  pool:
                    min-idle: 2
                    max-size: 20
                    acquire-timeout: 5s
                    idle-timeout: 1m
                    max-lifetime: 10m
                    keepalive: 30s
                    validate-after-idle: 0ms
                    validation-timeout: 2s
                    leak-detection-threshold: 90s
                """);
        assertEquals(List.of(), r.errors());
        assertTrue(r.rules().jdbc().poolEnabled());
        assertEquals(new PoolSettings(2, 20, 5_000_000_000L, 60_000_000_000L, 600_000_000_000L, 30_000_000_000L, 0,
                2_000_000_000L, 90_000_000_000L), r.rules().jdbc().pool());
        assertEquals(PoolSettings.DEFAULTS, Rules.empty().jdbc().pool());
        assertTrue(Rules.empty().jdbc().poolEnabled());
    }

    @Test
    void poolingCanBeTurnedOffAloneAndABadValueLeavesTheOthersStanding() throws Exception {
        assertFalse(load("jdbc: {pool: {enabled: false}}\n").rules().jdbc().poolEnabled());
        Loader.Result r = load("jdbc:\n  pool:\n    max-size: 0\n    acquire-timeout: 3s\n");
        assertEquals(List.of("bulwark.yaml:3: jdbc.pool.max-size: '0' is not allowed; allowed: 1 to 10000"),
                r.errors().stream().map(e -> e.toString().substring(dir.toString().length() + 1)).toList());
        assertEquals(10, r.rules().jdbc().pool().maxSize());
        assertEquals(3_000_000_000L, r.rules().jdbc().pool().acquireTimeoutNanos());
    }

    @Test
    void jdbcIsOnUnlessTurnedOff() throws Exception {
        assertTrue(Rules.empty().jdbc().enabled());
        assertFalse(load("jdbc: {enabled: false}\n").rules().jdbc().enabled());
    }

    @Test
    void morePatternsApplyTheLongestLast() throws Exception {
        JdbcRules jdbc = load("""
                jdbc:
                  databases:
                    "jdbc:postgresql://db1:5432/orders": {retry: {max-attempts: 2}}
                    "jdbc:postgresql://*": {retry: {max-attempts: 4}}
                """).rules().jdbc();
        assertEquals(List.of("jdbc:postgresql://*", "jdbc:postgresql://db1:5432/orders"),
                jdbc.rulesFor("jdbc:postgresql://db1:5432/orders").stream().map(DatabaseRule::pattern).toList());
    }

    @Test
    void aBadSqlStateIsNamedWithWhatIsAllowed() throws Exception {
        assertEquals(List.of("bulwark.yaml:2: jdbc.retry-sql-states: 'serialization' is not a SQLState; allowed: a list "
                + "of SQLStates (5 characters, such as 57P03) or classes of them (2 characters, such as 08)"),
                errors("jdbc:\n  retry-sql-states: [serialization]\n"));
    }

    @Test
    void aStatementTimeoutBelowOneSecondIsRefused() throws Exception {
        assertEquals(List.of("bulwark.yaml:2: jdbc.statement-timeout: '500ms' is not allowed; allowed: 0 (none) or a "
                + "duration of at least 1s (JDBC query timeouts are whole seconds)"),
                errors("jdbc:\n  statement-timeout: 500ms\n"));
    }

    @Test
    void aRangeErrorInADatabaseRuleNamesItsKeyPath() throws Exception {
        assertEquals(List.of("bulwark.yaml:4: jdbc.databases.\"jdbc:h2:mem:*\".retry.max-attempts = 0 is not "
                + "allowed; allowed: an integer of at least 1"),
                errors("jdbc:\n  databases:\n    \"jdbc:h2:mem:*\":\n      retry: {max-attempts: 0}\n"));
    }
}
