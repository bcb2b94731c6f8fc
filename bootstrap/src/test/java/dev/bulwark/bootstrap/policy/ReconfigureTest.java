package dev.bulwark.bootstrap.policy;

import static dev.bulwark.annotations.CircuitBreakerState.CLOSED;
import static dev.bulwark.annotations.CircuitBreakerState.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkEvent.StateTransition;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.Await;
import dev.bulwark.bootstrap.time.ManualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconfigureTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final RuntimeException BOOM = new IllegalStateException("boom");

    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<BulwarkEvent> published = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    ReconfigureTest() {
        events.subscribe(published::add);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private static CircuitBreakerRules count(int size, int min, float failureRate) {
        return new CircuitBreakerRules(SlidingWindowType.COUNT, size, min, failureRate, 100, SECOND, 60 * SECOND, 3,
                List.of(), List.of());
    }

    private CircuitBreaker breaker(CircuitBreakerRules rules) {
        return new CircuitBreaker("payments", rules, clock, events);
    }

    private static void record(CircuitBreaker breaker, int failures, int successes) {
        for (int i = 0; i < failures; i++) {
            breaker.onResult(0, BOOM);
        }
        for (int i = 0; i < successes; i++) {
            breaker.onResult(0, null);
        }
    }

    private Bulkhead bulkhead(int max) {
        return new Bulkhead("inventory", new BulkheadRules(max, SECOND), clock, events);
    }

    /** Starts a thread that asks for a permit and waits until it is parked waiting. */
    private Future<Boolean> waiter(Bulkhead b) {
        int waitingBefore = b.waitingCalls();
        long parksBefore = clock.parkCalls();
        Future<Boolean> f = pool.submit(b::tryAcquire);
        Await.until(() -> b.waitingCalls() > waitingBefore && clock.parkCalls() > parksBefore, "waiter parked");
        return f;
    }

    private static RetryRules retry(int maxAttempts) {
        return new RetryRules(maxAttempts, 100 * MS, 1.0, 0, 0, 0, List.of(), List.of());
    }

    @Test
    void newThresholdKeepsTheClosedWindowsOutcomes() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 3, 6);

        assertTrue(breaker.reconfigure(count(10, 10, 30)));

        assertEquals(9, breaker.bufferedCalls());
    }

    @Test
    void nextRecordAfterANewThresholdJudgesWithIt() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 3, 6);
        breaker.reconfigure(count(10, 10, 30));

        record(breaker, 0, 1); // 3 of 10 failed: 30% trips the new threshold, not the old 50%

        assertEquals(OPEN, breaker.state());
    }

    @Test
    void newMinimumNumberOfCallsAppliesToTheKeptWindow() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 2, 1);
        breaker.reconfigure(count(10, 4, 50));

        record(breaker, 0, 1); // 2 of 4 failed: enough calls now that the minimum is 4

        assertEquals(OPEN, breaker.state());
    }

    @Test
    void reconfigureKeepsAnOpenBreakerOpen() {
        CircuitBreaker breaker = breaker(count(4, 4, 50));
        record(breaker, 4, 0);
        assertEquals(OPEN, breaker.state());

        breaker.reconfigure(count(4, 4, 90));

        assertEquals(OPEN, breaker.state());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void newWindowSizeStartsAnEmptyWindow() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 3, 6);

        assertFalse(breaker.reconfigure(count(20, 10, 50)));

        assertEquals(CLOSED, breaker.state());
        assertEquals(0, breaker.bufferedCalls());
    }

    @Test
    void newWindowTypeStartsAnEmptyWindow() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 3, 6);

        assertFalse(breaker.reconfigure(new CircuitBreakerRules(SlidingWindowType.TIME, 10, 10, 50, 100, SECOND,
                60 * SECOND, 3, List.of(), List.of())));

        assertEquals(0, breaker.bufferedCalls());
        assertNull(breaker.countWindowForTest());
    }

    @Test
    void newWindowSizePublishesNoStateTransition() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        record(breaker, 3, 6);

        breaker.reconfigure(count(20, 10, 50));

        assertTrue(published.stream().noneMatch(StateTransition.class::isInstance), published.toString());
        assertEquals(0, breaker.stateTransitions());
    }

    @Test
    void newIgnoreExceptionsApplyToTheNextResult() {
        CircuitBreaker breaker = breaker(count(10, 10, 50));
        breaker.reconfigure(new CircuitBreakerRules(SlidingWindowType.COUNT, 10, 10, 50, 100, SECOND, 60 * SECOND, 3,
                List.of(), List.of(IllegalStateException.class.getName())));

        breaker.onResult(0, BOOM);

        assertEquals(1, breaker.ignoredCalls());
        assertEquals(0, breaker.bufferedCalls());
    }

    @Test
    void raisedBulkheadLimitAdmitsMoreCallersAtOnce() {
        Bulkhead b = new Bulkhead("inventory", new BulkheadRules(1, 0), clock, events);
        assertTrue(b.tryAcquire());

        b.reconfigure(new BulkheadRules(3, 0));

        assertTrue(b.tryAcquire());
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        assertEquals(3, b.concurrentCalls());
    }

    @Test
    void raisedBulkheadLimitWakesAParkedWaiter() throws Exception {
        Bulkhead b = bulkhead(1);
        assertTrue(b.tryAcquire());
        Future<Boolean> waiting = waiter(b);

        b.reconfigure(new BulkheadRules(2, SECOND));

        assertTrue(waiting.get(10, TimeUnit.SECONDS), "waiter got the new permit without the clock moving");
        assertEquals(2, b.concurrentCalls());
        assertEquals(0, b.waitingCalls());
    }

    @Test
    void loweredBulkheadLimitAdmitsNobodyNewWhileCallsInFlightExceedIt() {
        Bulkhead b = new Bulkhead("inventory", new BulkheadRules(3, 0), clock, events);
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryAcquire());
        }

        b.reconfigure(new BulkheadRules(1, 0));
        b.release();
        b.release();

        assertEquals(1, b.concurrentCalls());
        assertFalse(b.tryAcquire(), "one call still holds the single permit of the new limit");
    }

    @Test
    void loweredBulkheadLimitAdmitsAgainOnceEnoughCallsReleased() {
        Bulkhead b = new Bulkhead("inventory", new BulkheadRules(3, 0), clock, events);
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryAcquire());
        }

        b.reconfigure(new BulkheadRules(1, 0));
        for (int i = 0; i < 3; i++) {
            b.release();
        }

        assertEquals(0, b.concurrentCalls());
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
    }

    @Test
    void releaseAfterALoweredLimitNeverRaisesItAgain() {
        Bulkhead b = new Bulkhead("inventory", new BulkheadRules(3, 0), clock, events);
        b.reconfigure(new BulkheadRules(1, 0));

        for (int i = 0; i < 3; i++) {
            b.release(); // releases without a permit
        }

        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
    }

    @Test
    void retryUsesANewMaxAttemptsFromItsNextDecision() {
        Retry r = new Retry("payments-retry", retry(2), clock);
        assertEquals(-1, r.nextWaitNanos(BOOM, 2, 0));

        r.reconfigure(retry(3));

        assertEquals(100 * MS, r.nextWaitNanos(BOOM, 2, 0));
    }

    @Test
    void retryUsesANewAbortOnFromItsNextDecision() {
        Retry r = new Retry("payments-retry", retry(3), clock);

        r.reconfigure(new RetryRules(3, 100 * MS, 1.0, 0, 0, 0, List.of(),
                List.of(IllegalStateException.class.getName())));

        assertEquals(-1, r.nextWaitNanos(BOOM, 1, 0));
    }
}
