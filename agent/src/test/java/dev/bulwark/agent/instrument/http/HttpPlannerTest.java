package dev.bulwark.agent.instrument.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.guard.GuardPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpPlannerTest {
    @TempDir
    Path dir;

    private Rules load(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        Loader.Result r = Loader.load(file, null, null, Map.of(), new Properties());
        assertEquals(List.of(), r.errors());
        return r.rules();
    }

    @Test
    void everyServerHasABreakerAndARetryOfItsOwnByDefault() {
        GuardPlan plan = new HttpPlanner(new RulesInForce(Rules.empty())).plan("api.example.com:443");
        assertEquals("api.example.com:443", plan.target());
        assertEquals("api.example.com:443", plan.breakerName());
        assertEquals(50, plan.breaker().slidingWindowSize());
        assertEquals(3, plan.retry().maxAttempts());
        assertEquals(2_000_000_000L, plan.retry().maxWaitDurationNanos());
        assertNotNull(plan.retryBudget());
        assertNull(plan.bulkhead());
        assertNull(plan.rateLimiter());
        assertNull(plan.timeout());
    }

    @Test
    void hostRulesOverlayTheDefaultsMostSpecificLast() throws Exception {
        HttpPlanner planner = new HttpPlanner(new RulesInForce(load("""
                http:
                  defaults:
                    retry: {max-attempts: 5, wait-duration: 1s}
                    timeout: {duration: 3s}
                  hosts:
                    "*.example.com":
                      retry: {max-attempts: 4}
                      bulkhead: {max-concurrent-calls: 8}
                    "api.example.com:443":
                      retry: {max-attempts: 2}
                """)));
        GuardPlan api = planner.plan("api.example.com:443");
        assertEquals(2, api.retry().maxAttempts());
        assertEquals(1_000_000_000L, api.retry().waitDurationNanos());
        assertEquals(8, api.bulkhead().maxConcurrentCalls());
        assertEquals(3_000_000_000L, api.timeout().durationNanos());
        GuardPlan other = planner.plan("other.org:80");
        assertEquals(5, other.retry().maxAttempts());
        assertNull(other.bulkhead());
    }

    @Test
    void serverRulesAreReadOncePerSnapshot() throws Exception {
        RulesInForce rules = new RulesInForce(load("http:\n  retry-methods: [GET, POST]\n"));
        HttpPlanner planner = new HttpPlanner(rules);
        assertSame(planner.rules("a:80"), planner.rules("a:80"));
        assertTrue(planner.rules("a:80").mayRetry("POST"));
        rules.set(load("http:\n  retry-methods: [GET]\n"));
        assertFalse(planner.rules("a:80").mayRetry("POST"));
    }

    @Test
    void turnedOffMeansNotEnabled() throws Exception {
        assertFalse(new HttpPlanner(new RulesInForce(load("http: {enabled: false}\n"))).enabled());
        assertTrue(new HttpPlanner(new RulesInForce(Rules.empty())).enabled());
    }
}
