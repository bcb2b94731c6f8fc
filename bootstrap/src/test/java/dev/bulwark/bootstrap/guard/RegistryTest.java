package dev.bulwark.bootstrap.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.time.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String PLACE = "com.acme.Orders#place";
    private static final String CANCEL = "com.acme.Orders#cancel";
    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    private final ManualClock clock = new ManualClock();
    private final Registry registry = new Registry(clock, new EventBus());

    /** Count window of {@code size}, same minimum, 60s open, {@code size} trial calls. */
    private static CircuitBreakerRules breakerRules(int size, float failureRate) {
        return new CircuitBreakerRules(SlidingWindowType.COUNT, size, size, failureRate, 100, SECOND, 60 * SECOND,
                size, List.of(), List.of());
    }

    private static GuardPlan breakerPlan(String target, String name, CircuitBreakerRules rules) {
        return new GuardPlan(target, name, rules, null, null, null, null, null, null);
    }

    private static GuardPlan bulkheadPlan(String target, String name, BulkheadRules rules) {
        return new GuardPlan(target, null, null, null, null, name, rules, null, null);
    }

    private static GuardPlan retryPlan(String target, String name, RetryRules rules) {
        return new GuardPlan(target, null, null, name, rules, null, null, null, null);
    }

    private static void recordFailures(CircuitBreaker breaker, int n) {
        for (int i = 0; i < n; i++) {
            breaker.onResult(0, BOOM);
        }
    }

    private static void recordSuccesses(CircuitBreaker breaker, int n) {
        for (int i = 0; i < n; i++) {
            breaker.onResult(0, null);
        }
    }

    @Test
    void sameKeyRegistersOnce() {
        GuardPlan plan = breakerPlan(PLACE, "payments", breakerRules(4, 50));
        int id = registry.register(PLACE, plan);
        Guard guard = registry.guardOf(id);

        assertEquals(id, registry.register(PLACE, plan));

        assertSame(guard, registry.guardOf(id));
        assertEquals(1, registry.guards().size());
    }

    @Test
    void differentNamesGetDifferentBreakers() {
        Guard place = registry.guardOf(registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50))));
        Guard cancel = registry.guardOf(registry.register(CANCEL, breakerPlan(CANCEL, "refunds", breakerRules(4, 50))));

        assertNotSame(place.breaker(), cancel.breaker());
    }

    @Test
    void sameNameSharesOneBreaker() {
        Guard place = registry.guardOf(registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50))));
        Guard cancel = registry.guardOf(registry.register(CANCEL, breakerPlan(CANCEL, "payments", breakerRules(4, 50))));

        assertSame(place.breaker(), cancel.breaker());
        assertEquals(1, registry.circuitBreakers().size());
    }

    @Test
    void sameNameSharesOneBulkhead() {
        Guard place = registry.guardOf(registry.register(PLACE, bulkheadPlan(PLACE, "inventory", new BulkheadRules(2, 0))));
        Guard cancel = registry.guardOf(registry.register(CANCEL, bulkheadPlan(CANCEL, "inventory", new BulkheadRules(2, 0))));

        assertSame(place.bulkhead(), cancel.bulkhead());
    }

    @Test
    void secondDefinitionOfANameWithOtherRulesKeepsTheFirst() {
        CircuitBreakerRules first = breakerRules(4, 50);
        Guard place = registry.guardOf(registry.register(PLACE, breakerPlan(PLACE, "payments", first)));

        Guard cancel = registry.guardOf(registry.register(CANCEL, breakerPlan(CANCEL, "payments", breakerRules(8, 20))));

        assertSame(place.breaker(), cancel.breaker());
        assertEquals(first, cancel.breaker().rules());
    }

    @Test
    void replanSwapsInNewGuards() {
        GuardPlan plan = breakerPlan(PLACE, "payments", breakerRules(4, 50));
        int id = registry.register(PLACE, plan);
        Guard before = registry.guardOf(id);

        registry.replan(site -> plan);

        assertNotSame(before, registry.guardOf(id));
    }

    @Test
    void replanKeepsAnOpenBreakersInstanceAndState() {
        int id = registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50)));
        CircuitBreaker breaker = registry.guardOf(id).breaker();
        breaker.transitionToOpen();

        registry.replan(site -> breakerPlan(PLACE, "payments", breakerRules(4, 80)));

        assertSame(breaker, registry.guardOf(id).breaker());
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
    }

    @Test
    void replanGivesAnOpenBreakerTheNewThreshold() {
        int id = registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50)));
        CircuitBreaker breaker = registry.guardOf(id).breaker();
        breaker.transitionToOpen();
        registry.replan(site -> breakerPlan(PLACE, "payments", breakerRules(4, 80)));
        clock.advanceNanos(60 * SECOND);
        assertTrue(breaker.tryAcquirePermission(), "trial permits once the wait is over");
        for (int i = 1; i < 4; i++) {
            breaker.tryAcquirePermission();
        }

        // 3 of 4 trial calls fail: 75% would reopen at the old 50%, not at the new 80%.
        recordFailures(breaker, 3);
        recordSuccesses(breaker, 1);

        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    }

    @Test
    void replanWithANewWindowSizeEmptiesAClosedBreakersWindow() {
        int id = registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50)));
        CircuitBreaker breaker = registry.guardOf(id).breaker();
        recordFailures(breaker, 1);
        recordSuccesses(breaker, 2);

        registry.replan(site -> breakerPlan(PLACE, "payments", breakerRules(8, 50)));

        assertSame(breaker, registry.guardOf(id).breaker());
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
        assertEquals(0, breaker.bufferedCalls());
    }

    @Test
    void replanToAPlanWithoutABreakerLeavesTheSiteUnguardedByOne() {
        int id = registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50)));
        registry.guardOf(id).breaker().transitionToOpen();

        registry.replan(site -> retryPlan(PLACE, "payments-retry", RetryRules.defaults()));

        Guard guard = registry.guardOf(id);
        assertNull(guard.breaker());
        guard.enter(); // would throw CircuitBreakerOpenException if the open breaker still guarded it
    }

    @Test
    void replanWithANewMaxConcurrentCallsChangesTheLiveLimit() {
        int id = registry.register(PLACE, bulkheadPlan(PLACE, "inventory", new BulkheadRules(1, 0)));
        Bulkhead bulkhead = registry.guardOf(id).bulkhead();
        assertTrue(bulkhead.tryAcquire());

        registry.replan(site -> bulkheadPlan(PLACE, "inventory", new BulkheadRules(2, 0)));

        assertSame(bulkhead, registry.guardOf(id).bulkhead());
        assertTrue(bulkhead.tryAcquire(), "a second call fits under the raised limit");
        assertFalse(bulkhead.tryAcquire(), "a third does not");
    }

    @Test
    void replanWhereTwoSitesDisagreeGivesTheFirstSitesRules() {
        int place = registry.register(PLACE, breakerPlan(PLACE, "payments", breakerRules(4, 50)));
        registry.register(CANCEL, breakerPlan(CANCEL, "payments", breakerRules(4, 50)));
        CircuitBreakerRules placeRules = breakerRules(4, 60);

        registry.replan(site -> site == place
                ? breakerPlan(PLACE, "payments", placeRules)
                : breakerPlan(CANCEL, "payments", breakerRules(4, 70)));

        assertEquals(placeRules, registry.guardOf(place).breaker().rules());
    }
}
