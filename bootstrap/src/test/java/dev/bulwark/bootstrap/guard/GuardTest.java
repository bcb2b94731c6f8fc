package dev.bulwark.bootstrap.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkEvent.CallRejected;
import dev.bulwark.annotations.BulwarkEvent.RetryScheduled;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryBudgetRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.time.Clock;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GuardTest {
    /** Stands for {@link Guard#STOP} where the tests keep start times as longs. */
    private static final long STOPPED = Long.MIN_VALUE;

    /** Enters as the advice does and returns the attempt's start time. */
    private static long begin(Guard guard) {
        guard.enter();
        return guard.now();
    }

    /** Begins the next attempt as the advice does: its start time, or STOPPED. */
    private static long next(Guard guard, long wait, Throwable previous) {
        return guard.beginNextAttempt(wait, previous) == Guard.STOP ? STOPPED : guard.now();
    }

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final String TARGET = "com.acme.Orders#place";

    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<BulwarkEvent> published = new CopyOnWriteArrayList<>();
    private final Registry registry = new Registry(clock, events);

    GuardTest() {
        events.subscribe(published::add);
    }

    /** Window {@code size} with the same minimum, 50% failure rate, 1s slow threshold, 60s open. */
    private static CircuitBreakerRules breakerRules(int size, int permittedInHalfOpen) {
        return new CircuitBreakerRules(SlidingWindowType.COUNT, size, size, 50, 100, SECOND, 60 * SECOND,
                permittedInHalfOpen, List.of(), List.of());
    }

    /** {@code maxAttempts} attempts, 200ms apart, no jitter. */
    private static RetryRules retryRules(int maxAttempts) {
        return new RetryRules(maxAttempts, 200 * MS, 1.0, 0, 0, 0, List.of(), List.of());
    }

    private Guard guard(CircuitBreakerRules breaker, RetryRules retry, BulkheadRules bulkhead) {
        GuardPlan plan = new GuardPlan(TARGET, breaker == null ? null : "payments", breaker,
                retry == null ? null : "payments-retry", retry, bulkhead == null ? null : "inventory", bulkhead,
                null, null);
        return registry.guardOf(registry.register(TARGET, plan));
    }

    private <E> List<E> published(Class<E> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void enterOnAnInvalidPlanThrowsThePlansMessageEveryTime() {
        String message = "failureRateThreshold = 150.0 is not allowed; allowed: a percentage above 0 and at most 100";
        Guard guard = registry.guardOf(registry.register(TARGET, GuardPlan.invalid(TARGET, "payments", message)));

        for (int call = 0; call < 3; call++) {
            InvalidPolicyException e = assertThrows(InvalidPolicyException.class, guard::enter);
            assertEquals(message, e.getMessage());
            assertEquals("payments", e.policyName());
        }
    }

    @Test
    void failedAttemptWithRetryReturnsTheBackoffWait() {
        Guard guard = guard(null, retryRules(3), null);
        long start = begin(guard);

        long wait = guard.onAttemptEnd(start, new IllegalStateException("boom"), 1, start);

        assertEquals(200 * MS, wait);
    }

    @Test
    void failedAttemptWithRetryPublishesRetryScheduled() {
        Guard guard = guard(null, retryRules(3), null);
        IllegalStateException boom = new IllegalStateException("boom");
        long start = begin(guard);

        guard.onAttemptEnd(start, boom, 1, start);

        List<RetryScheduled> scheduled = published(RetryScheduled.class);
        assertEquals(1, scheduled.size());
        RetryScheduled event = scheduled.get(0);
        assertEquals("payments-retry", event.policyName());
        assertEquals(TARGET, event.target());
        assertEquals(1, event.attempt());
        assertEquals(Duration.ofMillis(200), event.delay());
        assertSame(boom, event.cause());
    }

    @Test
    void lastFailedAttemptEndsWithMinusOneAndPublishesNoRetry() {
        Guard guard = guard(null, retryRules(2), null);
        long start = begin(guard);

        long wait = guard.onAttemptEnd(start, new IllegalStateException("boom"), 2, start);

        assertEquals(-1, wait);
        assertTrue(published(RetryScheduled.class).isEmpty());
        assertEquals(1, guard.retry().failedCallsWithRetry());
    }

    @Test
    void successOnTheFirstAttemptEndsWithMinusOneAndCountsWithoutRetry() {
        Guard guard = guard(null, retryRules(3), null);
        long start = begin(guard);

        assertEquals(-1, guard.onAttemptEnd(start, null, 1, start));

        assertEquals(1, guard.retry().successfulCallsWithoutRetry());
        assertEquals(0, guard.retry().successfulCallsWithRetry());
    }

    @Test
    void successOnALaterAttemptEndsWithMinusOneAndCountsWithRetry() {
        Guard guard = guard(null, retryRules(3), null);
        long first = begin(guard);
        long wait = guard.onAttemptEnd(first, new IllegalStateException("boom"), 1, first);
        long next = next(guard, wait, new IllegalStateException("boom"));

        assertEquals(-1, guard.onAttemptEnd(next, null, 2, first));

        assertEquals(0, guard.retry().successfulCallsWithoutRetry());
        assertEquals(1, guard.retry().successfulCallsWithRetry());
    }

    @Test
    void aGuardWhosePoliciesNeedNoDurationDoesNotReadTheClock() {
        Guard guard = guard(null, null, new BulkheadRules(1, 0));
        clock.advanceNanos(5 * SECOND);
        assertEquals(0, guard.now());
    }

    /** The manual clock, except that its coarse time is set by hand, to tell the two readings apart. */
    private static final class CoarseClock implements Clock {
        final ManualClock exact = new ManualClock();
        long coarse;

        @Override
        public long nanoTime() {
            return exact.nanoTime();
        }

        @Override
        public long coarseNanoTime() {
            return coarse;
        }

        @Override
        public long wallMillis() {
            return exact.wallMillis();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            exact.sleep(nanos);
        }

        @Override
        public void parkUntil(long deadlineNanos) throws InterruptedException {
            exact.parkUntil(deadlineNanos);
        }
    }

    private static Guard guardOn(Clock clock, CircuitBreakerRules breaker, RetryRules retry) {
        Registry registry = new Registry(clock, new EventBus());
        GuardPlan plan = new GuardPlan(TARGET, "payments", breaker, retry == null ? null : "payments-retry", retry,
                null, null, null, null);
        return registry.guardOf(registry.register(TARGET, plan));
    }

    @Test
    void aBreakerWhoseSlowThresholdIsASecondTimesAttemptsWithTheCoarseClock() {
        CoarseClock clock = new CoarseClock();
        Guard guard = guardOn(clock, breakerRules(10, 1), retryRules(3));
        clock.exact.advanceNanos(5 * SECOND);
        clock.coarse = 7 * MS;

        guard.enter();
        long start = guard.attemptStart();
        clock.coarse += SECOND;
        guard.onAttemptEnd(start, null, 1, start);

        assertEquals(7 * MS, start);
        assertEquals(1, guard.breaker().slowCalls());
    }

    @Test
    void aShorterSlowThresholdTimesAttemptsWithTheExactClock() {
        CoarseClock clock = new CoarseClock();
        CircuitBreakerRules rules = new CircuitBreakerRules(SlidingWindowType.COUNT, 10, 10, 50, 100, SECOND - 1,
                60 * SECOND, 1, List.of(), List.of());
        Guard guard = guardOn(clock, rules, null);
        clock.exact.advanceNanos(5 * SECOND);
        clock.coarse = 7 * MS;

        guard.enter();
        long start = guard.attemptStart();
        clock.coarse += SECOND;
        guard.onAttemptEnd(start, null, 1, start);

        assertEquals(5 * SECOND, start);
        assertEquals(0, guard.breaker().slowCalls());
    }

    @Test
    void aRetryWithAMaxDurationKeepsTheExactClock() {
        CoarseClock clock = new CoarseClock();
        RetryRules bounded = new RetryRules(3, 200 * MS, 1.0, 0, 0, 10 * SECOND, List.of(), List.of());
        Guard guard = guardOn(clock, breakerRules(10, 1), bounded);
        clock.exact.advanceNanos(5 * SECOND);
        clock.coarse = 7 * MS;

        assertEquals(5 * SECOND, guard.attemptStart());
    }

    @Test
    void beginNextAttemptSleepsExactlyTheWaitOnTheClock() {
        // A breaker measures durations, so this guard reads the clock at each attempt's start.
        Guard guard = guard(breakerRules(10, 1), retryRules(3), null);
        IllegalStateException boom = new IllegalStateException("boom");
        long start = begin(guard);
        long wait = guard.onAttemptEnd(start, boom, 1, start);

        long next = next(guard, wait, boom);

        assertEquals(List.of(200 * MS), clock.sleeps());
        assertEquals(start + 200 * MS, next);
    }

    @Test
    void retryAttemptTakesTheBreakerPermitAgain() {
        Guard guard = guard(breakerRules(2, 1), retryRules(3), null);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        long firstStart = begin(guard);
        long wait = guard.onAttemptEnd(firstStart, first, 1, firstStart);
        long start = next(guard, wait, first);
        wait = guard.onAttemptEnd(start, second, 2, firstStart);
        assertEquals(CircuitBreakerState.OPEN, guard.breaker().state());
        long thirdWait = wait;

        CircuitBreakerOpenException e = assertThrows(CircuitBreakerOpenException.class,
                () -> guard.beginNextAttempt(thirdWait, second));

        assertArrayEquals(new Throwable[] {second}, e.getSuppressed());
        assertEquals(1, guard.breaker().rejectedCalls());
    }

    @Test
    void aRetryTheBudgetRefusesIsNoAttemptAndTheCallCountsAsFailedWithoutRetry() {
        // 1% of one call in flight with no minimum grants no retry at all.
        GuardPlan plan = new GuardPlan(TARGET, null, null, "payments-retry", retryRules(3),
                new RetryBudgetRules(1, 0), null, null, null, null, null, null, null, null, null);
        Guard guard = registry.guardOf(registry.register(TARGET, plan));
        long start = begin(guard);

        assertEquals(-1, guard.onAttemptEnd(start, new IllegalStateException("boom"), 1, start));

        assertEquals(0, guard.retry().retryAttempts());
        assertEquals(1, guard.retry().failedCallsWithoutRetry());
        assertEquals(0, guard.retry().failedCallsWithRetry());
    }

    @Test
    void aRetryTheBreakerRefusesCountsItsAttemptAndTheCallAsFailedWithRetry() {
        Guard guard = guard(breakerRules(2, 1), retryRules(3), null);
        IllegalStateException boom = new IllegalStateException("boom");
        long start = begin(guard);
        long wait = guard.onAttemptEnd(start, boom, 1, start);
        guard.breaker().transitionToOpen();

        assertThrows(CircuitBreakerOpenException.class, () -> guard.beginNextAttempt(wait, boom));

        assertEquals(1, guard.retry().retryAttempts());
        assertEquals(1, guard.retry().failedCallsWithRetry());
        assertEquals(0, guard.retry().failedCallsWithoutRetry());
    }

    @Test
    void bulkheadRejectionGivesTheBreakerPermitBack() {
        Guard guard = guard(breakerRules(2, 1), null, new BulkheadRules(1, 0));
        guard.breaker().transitionToHalfOpen();
        assertTrue(guard.bulkhead().tryAcquire(), "another call holds the only bulkhead permit");
        assertThrows(BulkheadFullException.class, guard::enter);
        guard.bulkhead().release();

        guard.enter(); // takes the single trial permit, so the rejected call must have returned it

        assertEquals(CircuitBreakerState.HALF_OPEN, guard.breaker().state());
        assertEquals(0, guard.breaker().rejectedCalls());
    }

    @Test
    void onAttemptEndReleasesTheBulkheadPermit() {
        Guard guard = guard(null, null, new BulkheadRules(1, 0));
        long start = begin(guard);
        assertEquals(1, guard.bulkhead().concurrentCalls());

        guard.onAttemptEnd(start, new IllegalStateException("boom"), 1, start);

        assertEquals(0, guard.bulkhead().concurrentCalls());
    }

    @Test
    void attemptLastingTheSlowThresholdCountsAsSlow() {
        Guard guard = guard(breakerRules(10, 1), null, null);
        long start = begin(guard);
        clock.advanceNanos(SECOND);

        guard.onAttemptEnd(start, null, 1, start);

        assertEquals(1, guard.breaker().slowCalls());
    }

    @Test
    void slowCallIsMeasuredFromTheAttemptStartNotTheFirstStart() {
        Guard guard = guard(breakerRules(10, 1), retryRules(3), null);
        IllegalStateException boom = new IllegalStateException("boom");
        long firstStart = begin(guard);
        clock.advanceNanos(900 * MS);
        long wait = guard.onAttemptEnd(firstStart, boom, 1, firstStart);
        long start = next(guard, wait, boom);
        clock.advanceNanos(900 * MS);

        guard.onAttemptEnd(start, null, 2, firstStart);

        assertEquals(0, guard.breaker().slowCalls());
    }

    @Test
    void interruptedWaitReturnsStopWithTheInterruptFlagSet() {
        Guard guard = guard(null, retryRules(3), null);
        IllegalStateException boom = new IllegalStateException("boom");
        long start = begin(guard);
        long wait = guard.onAttemptEnd(start, boom, 1, start);
        Thread.currentThread().interrupt();

        long next = next(guard, wait, boom);

        // Thread.interrupted() also clears the flag for the tests that run next on this thread.
        assertTrue(Thread.interrupted(), "interrupt flag set again");
        assertEquals(STOPPED, next);
    }

    @Test
    void breakerRejectionPublishesCallRejected() {
        Guard guard = guard(breakerRules(2, 1), null, null);
        guard.breaker().transitionToOpen();

        assertThrows(CircuitBreakerOpenException.class, guard::enter);

        List<CallRejected> rejected = published(CallRejected.class);
        assertEquals(1, rejected.size());
        assertEquals(PolicyKind.CIRCUIT_BREAKER, rejected.get(0).kind());
        assertEquals("payments", rejected.get(0).policyName());
        assertEquals(TARGET, rejected.get(0).target());
    }

    @Test
    void bulkheadRejectionPublishesCallRejected() {
        Guard guard = guard(null, null, new BulkheadRules(1, 0));
        guard.enter();

        BulkheadFullException e = assertThrows(BulkheadFullException.class, guard::enter);

        List<CallRejected> rejected = published(CallRejected.class);
        assertEquals(1, rejected.size());
        assertEquals(PolicyKind.BULKHEAD, rejected.get(0).kind());
        assertEquals("inventory", rejected.get(0).policyName());
        assertEquals(TARGET, rejected.get(0).target());
        assertEquals(e.getMessage(), rejected.get(0).reason());
    }

    @Test
    void bulkheadRejectionOfARetryCarriesTheFailedAttemptAsSuppressed() {
        Guard guard = guard(null, retryRules(3), new BulkheadRules(1, 0));
        IllegalStateException boom = new IllegalStateException("boom");
        long start = begin(guard);
        long wait = guard.onAttemptEnd(start, boom, 1, start);
        assertTrue(guard.bulkhead().tryAcquire(), "another call takes the freed permit");

        BulkheadFullException e = assertThrows(BulkheadFullException.class, () -> guard.beginNextAttempt(wait, boom));

        assertArrayEquals(new Throwable[] {boom}, e.getSuppressed());
        assertInstanceOf(CallRejected.class, published.get(published.size() - 1));
    }

    @Test
    void anInvalidRuleNeverFallsBack() {
        dev.bulwark.bootstrap.guard.FallbackPlan fallback = new dev.bulwark.bootstrap.guard.FallbackPlan("cached",
                List.of(), false, null, List.of(), List.of());
        Registry registry = new Registry(clock, new dev.bulwark.bootstrap.event.EventBus());
        Guard guard = registry.guardOf(registry.register("x", new GuardPlan("t", null, null, null, null, null, null,
                null, null, null, null, null, fallback, null, null)));
        assertTrue(guard.fallsBackOn(new IllegalStateException("down")));
        assertFalse(guard.fallsBackOn(new dev.bulwark.annotations.InvalidPolicyException("p", "bad rule")));
    }
}
