package dev.bulwark.bootstrap.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.time.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Active health checks over a manual clock and a scripted probe. */
class HealthCheckerTest {
    private static final long SECOND = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();
    private final List<Endpoint> endpoints = List.of(new Endpoint("10.0.0.1", 80, 1), new Endpoint("10.0.0.2", 80, 1));
    private final LoadBalancer lb = new LoadBalancer("orders", Strategy.ROUND_ROBIN, endpoints,
            OutlierRules.defaults(), clock, null);
    /** What the probe answers per endpoint key; null (healthy) when absent. */
    private final Map<String, String> answers = new HashMap<>();
    private final List<String> probed = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final HealthChecker checker = new HealthChecker(lb, new HealthCheckRules("/health", SECOND, SECOND, 2, 3),
            (e, rules) -> {
                probed.add(e.key() + rules.path());
                return answers.get(e.key());
            }, clock);

    HealthCheckerTest() {
        lb.listen((b, e, in, reason) -> changes.add(e.key() + (in ? " in: " : " out: ") + reason));
    }

    private Endpoint a() {
        return endpoints.get(0);
    }

    @Test
    void eachEndpointIsCheckedOncePerInterval() {
        checker.start();
        assertEquals(List.of(), probed, "the first check comes one interval after the start");
        clock.advanceNanos(SECOND);
        assertEquals(List.of("10.0.0.1:80/health", "10.0.0.2:80/health"), probed);
        clock.advanceNanos(2 * SECOND);
        assertEquals(6, probed.size());
    }

    @Test
    void anEndpointGoesOutAfterUnhealthyThresholdFailuresInARow() {
        checker.start();
        answers.put(a().key(), "HTTP 503");
        clock.advanceNanos(2 * SECOND);
        assertTrue(lb.inService(a()), "two failures are not yet three");
        clock.advanceNanos(SECOND);
        assertFalse(lb.inService(a()));
        assertEquals("failing its health check: HTTP 503", lb.outOfService(a()));
        assertEquals(List.of("10.0.0.1:80 out: failing its health check: HTTP 503"), changes);
        for (int i = 0; i < 10; i++) {
            assertEquals("10.0.0.2:80", lb.choose(null).key(), "requests go to the healthy endpoint only");
        }
    }

    @Test
    void aPassBetweenFailuresStartsTheCountAgain() {
        checker.start();
        answers.put(a().key(), "HTTP 503");
        clock.advanceNanos(2 * SECOND);
        answers.remove(a().key());
        clock.advanceNanos(SECOND);
        answers.put(a().key(), "HTTP 503");
        clock.advanceNanos(2 * SECOND);
        assertTrue(lb.inService(a()));
    }

    @Test
    void anUnhealthyEndpointComesBackAfterHealthyThresholdPassesInARow() {
        checker.start();
        answers.put(a().key(), "ConnectException");
        clock.advanceNanos(3 * SECOND);
        answers.remove(a().key());
        clock.advanceNanos(SECOND);
        assertFalse(lb.inService(a()), "one pass is not yet two");
        clock.advanceNanos(SECOND);
        assertTrue(lb.inService(a()));
        assertNull(lb.outOfService(a()));
        assertEquals(List.of("10.0.0.1:80 out: failing its health check: ConnectException",
                "10.0.0.1:80 in: its health checks pass again"), changes);
    }

    @Test
    void healthChecksCanTakeEveryEndpointOutAndTheErrorSaysWhy() {
        checker.start();
        answers.put("10.0.0.1:80", "HTTP 500");
        answers.put("10.0.0.2:80", "no answer within 1000ms");
        clock.advanceNanos(3 * SECOND);
        assertNull(lb.choose(null));
        assertEquals("Bulwark load balancer 'orders' has no healthy endpoint: none of its 2 endpoints is in service"
                + " (10.0.0.1:80 failing its health check: HTTP 500, 10.0.0.2:80 failing its health check: no answer"
                + " within 1000ms)", lb.noHealthyEndpoint().getMessage());
    }

    @Test
    void aProbeThatThrowsCountsAsAFailedCheck() {
        HealthChecker throwing = new HealthChecker(lb, new HealthCheckRules("/h", SECOND, SECOND, 1, 1), (e, r) -> {
            throw new IllegalStateException("bug");
        }, clock);
        throwing.start();
        clock.advanceNanos(SECOND);
        assertEquals("failing its health check: IllegalStateException", lb.outOfService(a()));
    }

    @Test
    void stoppedChecksNeitherRunNorJudge() {
        checker.start();
        answers.put(a().key(), "HTTP 503");
        clock.advanceNanos(SECOND);
        checker.stop();
        clock.advanceNanos(5 * SECOND);
        assertEquals(2, probed.size());
        assertTrue(lb.inService(a()));
        assertEquals(0, clock.pendingTasks());
    }

    @Test
    void anEndpointEjectedAndUnhealthyRejoinsOnlyWhenBothAreOver() {
        LoadBalancer three = new LoadBalancer("orders", Strategy.ROUND_ROBIN, List.of(new Endpoint("a", 1, 1),
                new Endpoint("b", 1, 1), new Endpoint("c", 1, 1)), new OutlierRules(1, SECOND, SECOND, 50), clock,
                null);
        Endpoint e = three.endpoints().get(0);
        e.inFlight.incrementAndGet();
        three.onEnd(e, true); // ejected for 1s
        three.healthChecked(e, "HTTP 503");
        three.healthChecked(e, null);
        assertFalse(three.inService(e), "still ejected");
        clock.advanceNanos(SECOND);
        assertTrue(three.inService(e));
    }
}
