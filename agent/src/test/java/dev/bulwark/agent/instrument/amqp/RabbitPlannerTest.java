package dev.bulwark.agent.instrument.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.amqp.Topology;
import dev.bulwark.bootstrap.guard.GuardPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RabbitPlannerTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private RabbitPlanner planner(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return new RabbitPlanner(new RulesInForce(Loader.load(file, null, null, Map.of(), new Properties()).rules()));
    }

    @Test
    void delaysGrowWithTheRetrysBackoffWithoutJitterAndStopAtItsCap() throws Exception {
        RabbitPlanner p = planner("""
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 6, wait-duration: 250ms, backoff-multiplier: 2, max-wait-duration: 1s, jitter-factor: 0.5}
                """);
        assertEquals(6, p.maxAttempts("orders"));
        assertEquals(250 * MS, p.delayNanos("orders", 1));
        assertEquals(500 * MS, p.delayNanos("orders", 2));
        assertEquals(1000 * MS, p.delayNanos("orders", 3));
        assertEquals(1000 * MS, p.delayNanos("orders", 5));
        assertEquals("orders.retry.250ms", Topology.delayQueue("orders", p.delayNanos("orders", 1)));
        assertEquals("orders.retry.1s", Topology.delayQueue("orders", p.delayNanos("orders", 3)));
    }

    @Test
    void aQueuesRuleOverridesTheDefaultsAndTheBuiltInDefaultsFillTheRest() throws Exception {
        RabbitPlanner p = planner("""
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 5}
                    queues:
                      orders:
                        retry: {max-attempts: 2}
                """);
        assertEquals(2, p.maxAttempts("orders"));
        assertEquals(5, p.maxAttempts("audit"));
        assertEquals(1000 * MS, p.delayNanos("audit", 1));
        GuardPlan plan = p.plan("orders");
        assertEquals("rabbitmq:orders", plan.breakerName());
        assertEquals(20, plan.breaker().slidingWindowSize());
        assertNull(plan.retry(), "retries go through delay queues, not in the consumer's thread");
    }
}
