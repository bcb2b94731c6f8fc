package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messaging.rabbitmq: section, read and checked like the rest of the file. */
class RabbitRulesTest {
    @TempDir
    Path dir;

    private Loader.Result load(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return Loader.load(file, null, null, Map.of(), new Properties());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Loader.Result r = load("""
                messaging:
                  rabbitmq:
                    all-queues: false
                    defaults:
                      retry: {max-attempts: 5}
                    queues:
                      orders:
                        circuit-breaker: {failure-rate-threshold: 25}
                      audit: {}
                """);
        assertEquals(List.of(), r.errors());
        RabbitRules rabbit = r.rules().rabbit();
        assertFalse(rabbit.allQueues());
        assertTrue(rabbit.guards("orders"));
        assertTrue(rabbit.guards("audit"));
        assertFalse(rabbit.guards("other"));
        assertEquals(5, rabbit.defaults().get(PolicyType.RETRY).get("maxAttempts").value());
        assertEquals(25.0, rabbit.queues().get("orders").get(PolicyType.CIRCUIT_BREAKER).get("failureRateThreshold")
                .value());
    }

    @Test
    void everyQueueIsGuardedUnlessTurnedOff() throws Exception {
        assertTrue(Rules.empty().rabbit().guards("anything"));
        assertTrue(Rules.empty().targetEnabled("messaging"));
        assertFalse(load("messaging: {enabled: false}\n").rules().targetEnabled("messaging"));
    }

    @Test
    void aRangeErrorInAQueueRuleNamesItsKeyPath() throws Exception {
        List<String> errors = load("messaging:\n  rabbitmq:\n    queues:\n      orders:\n        retry: {max-attempts: 0}\n")
                .errors().stream().map(e -> e.toString().substring(dir.toString().length() + 1)).toList();
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("bulwark.yaml:5: messaging.rabbitmq.queues.orders.retry.max-attempts"),
                errors::toString);
    }
}
