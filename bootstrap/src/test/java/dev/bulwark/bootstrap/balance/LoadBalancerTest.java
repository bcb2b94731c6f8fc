package dev.bulwark.bootstrap.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Endpoint choice per strategy and passive outlier ejection, over a manual clock and a seeded random. */
class LoadBalancerTest {
    private final ManualClock clock = new ManualClock();
    private final SplittableRandom seeded = new SplittableRandom(42);
    private static final OutlierRules OUTLIERS = new OutlierRules(3, Duration.ofSeconds(10).toNanos(),
            Duration.ofSeconds(25).toNanos(), 50);

    private static List<Endpoint> endpoints(int... weights) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(new Endpoint("10.0.0." + (i + 1), 8080, weights[i]));
        }
        return list;
    }

    private LoadBalancer balancer(Strategy strategy, List<Endpoint> endpoints) {
        return new LoadBalancer("orders", strategy, endpoints, OUTLIERS, clock, seeded::nextInt);
    }

    /** Chooses {@code times} times, ending each request at once as a success; counts per endpoint. */
    private static Map<String, Integer> spread(LoadBalancer lb, int times) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            Endpoint e = lb.choose(null);
            counts.merge(e.key(), 1, Integer::sum);
            lb.onEnd(e, false);
        }
        return counts;
    }

    private static void failTimes(LoadBalancer lb, Endpoint e, int times) {
        for (int i = 0; i < times; i++) {
            e.inFlight.incrementAndGet(); // as if chosen
            lb.onEnd(e, true);
        }
    }

    @Test
    void roundRobinTakesEachEndpointInTurn() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        for (int round = 0; round < 3; round++) {
            for (Endpoint expected : eps) {
                Endpoint e = lb.choose(null);
                assertSame(expected, e);
                lb.onEnd(e, false);
            }
        }
    }

    @Test
    void weightedRoundRobinSendsInProportionToWeightsInterleaved() {
        LoadBalancer lb = balancer(Strategy.WEIGHTED_ROUND_ROBIN, endpoints(5, 1, 1));
        assertEquals(Map.of("10.0.0.1:8080", 500, "10.0.0.2:8080", 100, "10.0.0.3:8080", 100), spread(lb, 700));
        int[] order = LoadBalancer.smoothSchedule(endpoints(5, 1, 1).toArray(new Endpoint[0]));
        assertEquals("[0, 0, 1, 0, 2, 0, 0]", java.util.Arrays.toString(order));
    }

    @Test
    void randomSpreadsEvenlyOverManyRequests() {
        Map<String, Integer> counts = spread(balancer(Strategy.RANDOM, endpoints(1, 1, 1)), 30_000);
        assertEquals(3, counts.size());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10_000) < 500, counts.toString()));
    }

    @Test
    void leastConnectionsPrefersTheLessBusyOfTwo() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.LEAST_CONNECTIONS, eps);
        eps.get(0).inFlight.set(10); // a slow endpoint that holds its requests
        int toSlow = 0;
        for (int i = 0; i < 3_000; i++) {
            Endpoint e = lb.choose(null);
            if (e == eps.get(0)) {
                toSlow++;
            }
            lb.onEnd(e, false);
        }
        assertEquals(0, toSlow, "of two distinct endpoints, the busy one always loses");
        assertEquals(10, eps.get(0).inFlight());
    }

    @Test
    void leastConnectionsSpreadsEvenlyWhenAllAreIdle() {
        Map<String, Integer> counts = spread(balancer(Strategy.LEAST_CONNECTIONS, endpoints(1, 1, 1)), 30_000);
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10_000) < 500, counts.toString()));
    }

    @Test
    void chooseCountsInFlightUntilTheEnd() {
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, endpoints(1));
        Endpoint e = lb.choose(null);
        assertEquals(1, e.inFlight());
        lb.onEnd(e, false);
        assertEquals(0, e.inFlight());
    }

    @Test
    void consecutiveFailuresEjectAnEndpointAndTrafficGoesToTheOthers() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        failTimes(lb, eps.get(1), 2);
        assertTrue(lb.inService(eps.get(1)), "two failures in a row are not three");
        failTimes(lb, eps.get(1), 1);
        assertFalse(lb.inService(eps.get(1)));
        assertEquals(1, lb.ejectedCount());
        Map<String, Integer> counts = spread(lb, 100);
        assertNull(counts.get("10.0.0.2:8080"));
        assertEquals(100, counts.get("10.0.0.1:8080") + counts.get("10.0.0.3:8080"));
    }

    @Test
    void aSuccessClearsTheFailuresInARow() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        failTimes(lb, eps.get(0), 2);
        eps.get(0).inFlight.incrementAndGet();
        lb.onEnd(eps.get(0), false);
        failTimes(lb, eps.get(0), 2);
        assertTrue(lb.inService(eps.get(0)));
    }

    @Test
    void anEjectedEndpointReturnsAfterItsEjectionTime() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        failTimes(lb, eps.get(0), 3);
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        assertFalse(lb.inService(eps.get(0)));
        clock.advanceNanos(1);
        assertTrue(lb.inService(eps.get(0)));
        assertEquals(0, lb.ejectedCount());
        assertEquals(3, spread(lb, 3).size());
    }

    @Test
    void ejectionTimeGrowsWithRepeatedEjectionsUpToTheMaximum() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        long[] expectedSeconds = {10, 20, 25, 25};
        for (long seconds : expectedSeconds) {
            failTimes(lb, eps.get(0), 3);
            clock.advance(Duration.ofSeconds(seconds).minusNanos(1));
            assertFalse(lb.inService(eps.get(0)), "ejected for " + seconds + "s");
            clock.advanceNanos(1);
            assertTrue(lb.inService(eps.get(0)), "back after " + seconds + "s");
        }
        assertEquals(4, eps.get(0).ejections());
    }

    @Test
    void noMoreThanTheMaximumPercentIsEjected() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        eps.forEach(e -> failTimes(lb, e, 3));
        assertEquals(2, lb.ejectedCount(), "50% of 4");
        assertTrue(lb.inService(eps.get(2)));
        assertTrue(lb.inService(eps.get(3)));
    }

    @Test
    void theServiceIsNeverEmptiedEvenAtOneHundredPercent() {
        List<Endpoint> eps = endpoints(1, 1);
        LoadBalancer lb = new LoadBalancer("orders", Strategy.ROUND_ROBIN, eps,
                new OutlierRules(1, 1_000, 1_000, 100), clock, seeded::nextInt);
        eps.forEach(e -> failTimes(lb, e, 1));
        assertEquals(1, lb.ejectedCount());
        assertNotNull(lb.choose(null));
    }

    @Test
    void aSingleEndpointIsNeverEjectedAtTheDefaultPercent() {
        List<Endpoint> eps = endpoints(1);
        LoadBalancer lb = new LoadBalancer("orders", Strategy.ROUND_ROBIN, eps, OutlierRules.defaults(), clock,
                null);
        failTimes(lb, eps.get(0), 100);
        assertSame(eps.get(0), lb.choose(null));
    }

    @Test
    void aRetryPrefersAnotherEndpointThanTheOneThatFailed() {
        for (Strategy s : Strategy.values()) {
            List<Endpoint> eps = endpoints(1, 1, 1);
            LoadBalancer lb = balancer(s, eps);
            for (int i = 0; i < 50; i++) {
                Endpoint failed = eps.get(i % 3);
                Endpoint e = lb.choose(failed);
                assertNotEquals(failed, e, s.key());
                lb.onEnd(e, false);
            }
        }
    }

    @Test
    void roundRobinSharesAnOutEndpointsTurnsEvenly() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        failTimes(lb, eps.get(1), 3);
        assertEquals(Map.of("10.0.0.1:8080", 150, "10.0.0.3:8080", 150), spread(lb, 300));
        // in strict turns, not e1 once and e3 twice
        Endpoint previous = null;
        for (int i = 0; i < 10; i++) {
            Endpoint e = lb.choose(null);
            assertNotEquals(previous, e);
            lb.onEnd(e, false);
            previous = e;
        }
    }

    @Test
    void roundRobinStaysEvenWhileAHealthCheckKeepsAnEndpointOut() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        lb.healthChecked(eps.get(0), "HTTP 503");
        assertEquals(Map.of("10.0.0.2:8080", 100, "10.0.0.3:8080", 100, "10.0.0.4:8080", 100), spread(lb, 300));
    }

    @Test
    void weightedRoundRobinKeepsTheWeightsOfTheEndpointsInService() {
        List<Endpoint> eps = endpoints(3, 2, 1);
        LoadBalancer lb = balancer(Strategy.WEIGHTED_ROUND_ROBIN, eps);
        lb.healthChecked(eps.get(0), "HTTP 503");
        assertEquals(Map.of("10.0.0.2:8080", 200, "10.0.0.3:8080", 100), spread(lb, 300));
        lb.healthChecked(eps.get(0), null);
        lb.healthChecked(eps.get(1), "HTTP 503");
        assertEquals(Map.of("10.0.0.1:8080", 300, "10.0.0.3:8080", 100), spread(lb, 400));
    }

    @Test
    void randomSpreadsEvenlyOverTheEndpointsInService() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.RANDOM, eps);
        failTimes(lb, eps.get(1), 3);
        Map<String, Integer> counts = spread(lb, 30_000);
        assertEquals(2, counts.size(), counts.toString());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 15_000) < 600, counts.toString()));
    }

    @Test
    void leastConnectionsSpreadsEvenlyOverTheEndpointsInService() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        LoadBalancer lb = balancer(Strategy.LEAST_CONNECTIONS, eps);
        lb.healthChecked(eps.get(1), "HTTP 503");
        Map<String, Integer> counts = spread(lb, 30_000);
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 10_000) < 500, counts.toString()));
    }

    @Test
    void leastConnectionsComparesOnlyEndpointsInService() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        LoadBalancer lb = balancer(Strategy.LEAST_CONNECTIONS, eps);
        lb.healthChecked(eps.get(0), "HTTP 503");
        eps.get(1).inFlight.set(10); // busy, yet the only other choice is out
        for (int i = 0; i < 100; i++) {
            Endpoint e = lb.choose(null);
            assertSame(eps.get(2), e);
            lb.onEnd(e, false);
        }
    }

    @Test
    void aRetryGoesToAnEndpointTheCallHasNotTriedYet() {
        for (Strategy s : Strategy.values()) {
            List<Endpoint> eps = endpoints(1, 1, 1, 1);
            LoadBalancer lb = balancer(s, eps);
            for (int call = 0; call < 50; call++) {
                long tried = 0;
                Endpoint e = lb.choose(null, tried);
                java.util.Set<Endpoint> seen = new java.util.HashSet<>();
                for (int attempt = 1; attempt <= 4; attempt++) {
                    assertTrue(seen.add(e), s.key() + ": attempt " + attempt + " went to " + e + " again");
                    lb.onEnd(e, false);
                    tried = lb.tried(tried, e);
                    Endpoint last = e;
                    e = lb.choose(last, tried);
                    if (attempt == 4) {
                        assertNotEquals(last, e, s.key() + ": all four tried, the fifth avoids the fourth");
                    }
                }
                lb.onEnd(e, false);
            }
        }
    }

    @Test
    void onceEveryEndpointInServiceWasTriedARetryAvoidsTheLastOne() {
        for (Strategy s : Strategy.values()) {
            List<Endpoint> eps = endpoints(1, 1, 1);
            LoadBalancer lb = balancer(s, eps);
            lb.healthChecked(eps.get(2), "HTTP 503");
            long tried = lb.tried(lb.tried(0, eps.get(0)), eps.get(1));
            for (int i = 0; i < 20; i++) {
                Endpoint e = lb.choose(eps.get(1), tried);
                assertSame(eps.get(0), e, s.key());
                lb.onEnd(e, false);
            }
            lb.healthChecked(eps.get(0), "HTTP 503");
            Endpoint e = lb.choose(eps.get(1), tried);
            assertSame(eps.get(1), e, s.key() + ": the only one in service, tried or not");
            lb.onEnd(e, false);
        }
    }

    @Test
    void aRetryGoesBackToTheFailedEndpointWhenItIsTheOnlyOne() {
        List<Endpoint> eps = endpoints(1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        assertSame(eps.get(0), lb.choose(eps.get(0)));
    }

    @Test
    void withNoEndpointInServiceChooseReturnsNullAndTheErrorNamesTheService() {
        List<Endpoint> eps = endpoints(1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        lb.healthChecked(eps.get(0), "HTTP 503");
        assertNull(lb.choose(null));
        assertEquals("Bulwark load balancer 'orders' has no healthy endpoint: none of its 1 endpoints is in service"
                + " (10.0.0.1:8080 failing its health check: HTTP 503)", lb.noHealthyEndpoint().getMessage());
        assertEquals("orders", lb.noHealthyEndpoint().policyName());
    }

    @Test
    void strategiesAreNamedAsInTheConfigurationFile() {
        assertEquals("least-connections", Strategy.LEAST_CONNECTIONS.key());
        assertSame(Strategy.WEIGHTED_ROUND_ROBIN, Strategy.byKey("weighted-round-robin"));
        assertNull(Strategy.byKey("fastest"));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("h", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("h", 80, 0));
        assertThrows(IllegalArgumentException.class, () -> new OutlierRules(0, 1, 1, 50));
        assertThrows(IllegalArgumentException.class, () -> new OutlierRules(1, 2, 1, 50));
        assertThrows(IllegalArgumentException.class, () -> new OutlierRules(1, 1, 1, 101));
        assertThrows(IllegalArgumentException.class,
                () -> new LoadBalancer("x", Strategy.RANDOM, List.of(), OUTLIERS, clock, null));
    }

    @Test
    void releasingARequestSentNowhereCountsNoOutcome() {
        List<Endpoint> eps = endpoints(1);
        LoadBalancer lb = new LoadBalancer("orders", Strategy.ROUND_ROBIN, eps, new OutlierRules(1, 10, 10, 100),
                clock, null);
        Endpoint e = lb.choose(null);
        assertEquals(1, e.inFlight());
        lb.release(e);
        assertEquals(0, e.inFlight());
        assertTrue(lb.inService(e));
    }

    @Test
    void theListenerHearsAnEjectionAndTheReturn() {
        List<Endpoint> eps = endpoints(1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        List<String> heard = new ArrayList<>();
        lb.listen((b, e, in, reason) -> heard.add(b.service() + " " + e + (in ? " in: " : " out: ") + reason));
        failTimes(lb, eps.get(0), 3);
        assertEquals("ejected after 3 failures in a row, back in 10s", lb.outOfService(eps.get(0)));
        clock.advance(Duration.ofMillis(2_500));
        assertEquals("ejected after 3 failures in a row, back in 7.5s", lb.outOfService(eps.get(0)));
        clock.advance(Duration.ofSeconds(8));
        lb.choose(null);
        assertEquals(List.of("orders 10.0.0.1:8080 out: ejected after 3 failures in a row, for 10s",
                "orders 10.0.0.1:8080 in: its ejection time is over"), heard);
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheRequest() {
        List<Endpoint> eps = endpoints(1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        lb.listen((b, e, in, reason) -> {
            throw new IllegalStateException("listener bug");
        });
        failTimes(lb, eps.get(0), 3);
        assertFalse(lb.inService(eps.get(0)));
    }

    @Test
    void eachEndpointCountsItsRequestsAndFailuresForTelemetry() {
        List<Endpoint> eps = endpoints(1, 1);
        LoadBalancer lb = balancer(Strategy.ROUND_ROBIN, eps);
        failTimes(lb, eps.get(0), 2);
        spread(lb, 4);
        assertEquals(4, eps.get(0).requests());
        assertEquals(2, eps.get(0).failures());
        assertEquals(2, eps.get(1).requests());
        assertEquals(0, eps.get(1).failures());
    }
}
