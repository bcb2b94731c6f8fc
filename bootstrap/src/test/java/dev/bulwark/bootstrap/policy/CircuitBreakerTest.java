package dev.bulwark.bootstrap.policy;

import static dev.bulwark.annotations.CircuitBreakerState.CLOSED;
import static dev.bulwark.annotations.CircuitBreakerState.HALF_OPEN;
import static dev.bulwark.annotations.CircuitBreakerState.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkEvent.StateTransition;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.ManualClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long WAIT = 30 * SECOND;
    private static final long SLOW = SECOND;
    private static final RuntimeException BOOM = new IllegalStateException("boom");

    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<BulwarkEvent> published = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    CircuitBreakerTest() {
        events.subscribe(published::add);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private static CircuitBreakerRules count(int size, int min, float failureRate) {
        return new CircuitBreakerRules(SlidingWindowType.COUNT, size, min, failureRate, 100, SLOW, WAIT, 3,
                List.of(), List.of());
    }

    private CircuitBreaker breaker(CircuitBreakerRules rules) {
        return new CircuitBreaker("payments", rules, clock, events);
    }

    private static void succeed(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(1, null);
        }
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(1, BOOM);
        }
    }

    /** A breaker with 3 permitted trial calls, already OPEN and past its wait. */
    private CircuitBreaker halfOpenReady() {
        CircuitBreaker b = breaker(count(2, 2, 50));
        fail(b, 2);
        assertEquals(OPEN, b.state());
        clock.advanceNanos(WAIT);
        return b;
    }

    private List<StateTransition> transitions() {
        List<StateTransition> out = new ArrayList<>();
        for (BulwarkEvent e : published) {
            out.add((StateTransition) e);
        }
        return out;
    }

    private static StateTransition transition(CircuitBreaker b, dev.bulwark.annotations.CircuitBreakerState from,
            dev.bulwark.annotations.CircuitBreakerState to, Instant at) {
        return new StateTransition(b.name(), from, to, at);
    }

    @Test
    void staysClosedBelowTheMinimumNumberOfCalls() {
        CircuitBreaker b = breaker(count(10, 10, 50));
        fail(b, 9);
        assertEquals(CLOSED, b.state());
        assertEquals(9, b.bufferedCalls());
        assertEquals(-1f, b.failureRate());
    }

    @Test
    void opensAtExactlyTheFailureRateThreshold() {
        CircuitBreaker b = breaker(count(10, 10, 50));
        succeed(b, 5);
        fail(b, 4);
        assertEquals(CLOSED, b.state());
        fail(b, 1);
        assertEquals(OPEN, b.state());
        assertEquals(50f, b.failureRate());
        assertEquals(10, b.bufferedCalls());
    }

    @Test
    void staysClosedJustBelowTheFailureRateThreshold() {
        CircuitBreaker b = breaker(count(10, 10, 50));
        fail(b, 4);
        succeed(b, 6);
        assertEquals(CLOSED, b.state());
        assertEquals(40f, b.failureRate());
    }

    @Test
    void minimumAboveTheCountWindowSizeMeansTheWholeWindow() {
        CircuitBreaker b = breaker(count(4, 100, 50));
        succeed(b, 2);
        fail(b, 2);
        assertEquals(OPEN, b.state());
    }

    @Test
    void slowCallRateOpensIt() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 10, 10, 50, 50, SLOW, WAIT, 3,
                List.of(), List.of()));
        for (int i = 0; i < 5; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(SLOW - 1, null);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(SLOW, null);
        }
        assertEquals(CLOSED, b.state());
        assertTrue(b.tryAcquirePermission());
        b.onResult(SLOW, null);
        assertEquals(OPEN, b.state());
        assertEquals(50f, b.slowCallRate());
        assertEquals(0f, b.failureRate());
        assertEquals(5, b.slowCalls());
        assertEquals(10, b.successfulCalls());
    }

    @Test
    void ignoredExceptionsCountNeitherAsFailureNorAsSuccess() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 4, 4, 50, 100, SLOW, WAIT, 3,
                List.of(), List.of("java.lang.IllegalArgumentException")));
        for (int i = 0; i < 10; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(1, new NumberFormatException());
        }
        assertEquals(CLOSED, b.state());
        assertEquals(0, b.bufferedCalls());
        assertEquals(10, b.ignoredCalls());
        assertEquals(0, b.failedCalls() + b.successfulCalls());
    }

    @Test
    void exceptionsOutsideRecordExceptionsCountAsSuccess() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 4, 4, 50, 100, SLOW, WAIT, 3,
                List.of("java.io.IOException"), List.of()));
        for (int i = 0; i < 4; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(1, new IllegalStateException());
        }
        assertEquals(CLOSED, b.state());
        assertEquals(4, b.successfulCalls());
        assertEquals(0f, b.failureRate());
    }

    @Test
    void recordExceptionsMatchSubclasses() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 2, 2, 50, 100, SLOW, WAIT, 3,
                List.of("java.io.IOException"), List.of()));
        assertTrue(b.tryAcquirePermission());
        b.onResult(1, new FileNotFoundException());
        assertTrue(b.tryAcquirePermission());
        b.onResult(1, new IOException());
        assertEquals(OPEN, b.state());
        assertEquals(2, b.failedCalls());
    }

    @Test
    void ignoreExceptionsWinOverRecordExceptions() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 2, 2, 50, 100, SLOW, WAIT, 3,
                List.of("java.io.IOException"), List.of("java.io.FileNotFoundException")));
        assertTrue(b.tryAcquirePermission());
        b.onResult(1, new FileNotFoundException());
        assertEquals(1, b.ignoredCalls());
        assertEquals(0, b.bufferedCalls());
    }

    @Test
    void openRejectsUntilTheWaitIsOverThenGoesHalfOpen() {
        CircuitBreaker b = breaker(count(2, 2, 50));
        fail(b, 2);
        assertEquals(OPEN, b.state());
        assertEquals(WAIT, b.remainingOpenNanos());

        clock.advanceNanos(WAIT - 1);
        assertFalse(b.tryAcquirePermission());
        assertEquals(1, b.remainingOpenNanos());
        assertEquals(1, b.rejectedCalls());
        assertEquals(1, b.notPermittedCalls());

        clock.advanceNanos(1);
        assertEquals(OPEN, b.state(), "no timer: OPEN ends when a call asks");
        assertTrue(b.tryAcquirePermission());
        assertEquals(HALF_OPEN, b.state());
        assertEquals(0, b.remainingOpenNanos());
    }

    @Test
    void halfOpenAdmitsExactlyThePermittedCalls() throws Exception {
        CircuitBreaker b = halfOpenReady();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1000; i++) {
                    if (b.tryAcquirePermission()) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : threads) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(3, admitted.get());
        assertEquals(HALF_OPEN, b.state());
        assertEquals(16 * 1000 - 3, b.rejectedCalls());
        assertEquals(2, transitions().size(), "CLOSED->OPEN and one OPEN->HALF_OPEN: " + transitions());
    }

    @Test
    void halfOpenClosesWithAnEmptyWindowWhenTheTrialsSucceed() {
        CircuitBreaker b = halfOpenReady();
        succeed(b, 3);
        assertEquals(CLOSED, b.state());
        assertEquals(0, b.bufferedCalls());
        assertEquals(-1f, b.failureRate());
    }

    @Test
    void halfOpenReopensForAFullWaitWhenTheTrialsFail() {
        CircuitBreaker b = halfOpenReady();
        succeed(b, 1);
        fail(b, 2);
        assertEquals(OPEN, b.state());
        assertEquals(WAIT, b.remainingOpenNanos());
        assertEquals(3, b.bufferedCalls());
    }

    @Test
    void halfOpenJudgesOnlyOnceEveryTrialIsIn() {
        CircuitBreaker b = halfOpenReady();
        fail(b, 2);
        assertEquals(HALF_OPEN, b.state());
        assertEquals(2, b.bufferedCalls());
        assertEquals(-1f, b.failureRate(), "no rate until every trial is in");
        assertTrue(b.tryAcquirePermission());
        assertFalse(b.tryAcquirePermission(), "all three trial permits are taken");
    }

    @Test
    void releasedTrialPermitAdmitsAnotherCall() {
        CircuitBreaker b = halfOpenReady();
        assertTrue(b.tryAcquirePermission());
        assertTrue(b.tryAcquirePermission());
        assertTrue(b.tryAcquirePermission());
        assertFalse(b.tryAcquirePermission());
        b.releasePermission(); // e.g. the bulkhead refused the call after the breaker let it through
        assertTrue(b.tryAcquirePermission());
        assertFalse(b.tryAcquirePermission());
    }

    @Test
    void ignoredExceptionInHalfOpenReturnsTheTrialPermit() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.COUNT, 1, 1, 50, 100, SLOW, WAIT, 1,
                List.of(), List.of("java.lang.IllegalArgumentException")));
        fail(b, 1);
        clock.advanceNanos(WAIT);
        assertTrue(b.tryAcquirePermission());
        assertFalse(b.tryAcquirePermission());
        b.onResult(1, new IllegalArgumentException());
        assertEquals(HALF_OPEN, b.state());
        assertTrue(b.tryAcquirePermission());
        b.onResult(1, null);
        assertEquals(CLOSED, b.state());
    }

    @Test
    void releaseCannotWidenTheTrialBeyondThePermittedCalls() {
        CircuitBreaker b = halfOpenReady();
        assertTrue(b.tryAcquirePermission());
        b.releasePermission();
        b.releasePermission();
        int admitted = 0;
        while (b.tryAcquirePermission()) {
            admitted++;
        }
        assertEquals(3, admitted);
    }

    @Test
    void resultsArrivingWhileOpenLeaveTheBreakerAlone() {
        CircuitBreaker b = breaker(count(2, 2, 50));
        assertTrue(b.tryAcquirePermission()); // a slow call admitted while CLOSED
        fail(b, 2);
        assertEquals(OPEN, b.state());
        b.onResult(1, null);
        assertEquals(OPEN, b.state());
        assertEquals(WAIT, b.remainingOpenNanos());
        assertEquals(1, b.successfulCalls());
    }

    @Test
    void aLateResultFromClosedDoesNotTakeATrialsPlace() {
        CircuitBreaker b = halfOpenReady();
        assertTrue(b.tryAcquirePermission());
        assertEquals(HALF_OPEN, b.state());
        b.onResult(1, BOOM); // the trial
        b.onResult(1, BOOM); // a call from before the breaker opened, no trial permit behind it
        assertEquals(1, b.bufferedCalls());
        succeed(b, 2);
        // Counted, the stray failure would have made it 2 of 3 and re-opened the breaker.
        assertEquals(CLOSED, b.state(), "1 failure in 3 trials is below 50%");
    }

    @Test
    void successfulCallsCountTheSuccessesOfEveryState() {
        CircuitBreaker b = halfOpenReady(); // 2 failures while CLOSED
        succeed(b, 3); // the trials: CLOSED again, with a new count window
        succeed(b, 4);
        fail(b, 1);
        assertEquals(7, b.successfulCalls());
        assertEquals(3, b.failedCalls());
    }

    @Test
    void successfulCallsCountTheSuccessesOfATimeWindow() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.TIME, 10, 100, 50, 100, SLOW, WAIT, 3,
                List.of(), List.of()));
        succeed(b, 5);
        fail(b, 2);
        assertEquals(5, b.successfulCalls());
        assertEquals(2, b.failedCalls());
    }

    @Test
    void aCountWindowAfterHalfOpenHoldsExactlyTheLastOutcomes() {
        CircuitBreaker b = breaker(count(3, 3, 50));
        fail(b, 3);
        clock.advanceNanos(WAIT);
        succeed(b, 3); // the trials
        assertEquals(CLOSED, b.state());
        fail(b, 1);
        succeed(b, 3); // the new window's ring starts where the shared cursor stood; the failure slides out
        assertEquals(3, b.bufferedCalls());
        assertEquals(0f, b.failureRate());
        CountWindow window = b.countWindowForTest();
        assertEquals(window.recount(), window.snapshot());
    }

    @Test
    void countWindowSlidesOldOutcomesOut() {
        CircuitBreaker b = breaker(count(4, 4, 75));
        fail(b, 2);
        succeed(b, 2);
        assertEquals(50f, b.failureRate());
        succeed(b, 1);
        assertEquals(25f, b.failureRate(), "the oldest failure fell out");
        fail(b, 2);
        assertEquals(50f, b.failureRate());
        assertEquals(CLOSED, b.state());
        fail(b, 1);
        assertEquals(OPEN, b.state());
        assertEquals(75f, b.failureRate());
    }

    @Test
    void timeWindowForgetsCallsOlderThanTheWindow() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.TIME, 10, 4, 50, 100, SLOW, WAIT, 3,
                List.of(), List.of()));
        fail(b, 3);
        clock.advanceNanos(10 * SECOND - 1);
        assertEquals(3, b.bufferedCalls(), "still inside the 10 seconds");
        clock.advanceNanos(1);
        assertEquals(0, b.bufferedCalls(), "second 0 left the window");
        fail(b, 1);
        succeed(b, 3);
        assertEquals(CLOSED, b.state());
        assertEquals(25f, b.failureRate());
    }

    @Test
    void timeWindowOpensOnFailuresSpreadOverTheWindow() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.TIME, 10, 4, 50, 100, SLOW, WAIT, 3,
                List.of(), List.of()));
        succeed(b, 1);
        clock.advanceNanos(3 * SECOND);
        fail(b, 1);
        clock.advanceNanos(3 * SECOND);
        succeed(b, 1);
        clock.advanceNanos(3 * SECOND);
        assertEquals(CLOSED, b.state());
        fail(b, 1);
        assertEquals(OPEN, b.state(), "2 failures in 4 calls, all within the last 10 seconds");
    }

    @Test
    void timeWindowForgetsEverythingAfterALongSilence() {
        CircuitBreaker b = breaker(new CircuitBreakerRules(SlidingWindowType.TIME, 3, 2, 50, 100, SLOW, WAIT, 3,
                List.of(), List.of()));
        fail(b, 1);
        clock.advanceNanos(1_000 * SECOND);
        fail(b, 1);
        assertEquals(CLOSED, b.state());
        assertEquals(1, b.bufferedCalls());
    }

    @Test
    void eachTransitionPublishesExactlyOneEvent() {
        CircuitBreaker b = breaker(count(2, 2, 50));
        fail(b, 2);
        Instant opened = Instant.ofEpochMilli(clock.wallMillis());
        clock.advanceNanos(WAIT);
        Instant halfOpened = Instant.ofEpochMilli(clock.wallMillis());
        succeed(b, 3);
        assertEquals(List.of(transition(b, CLOSED, OPEN, opened), transition(b, OPEN, HALF_OPEN, halfOpened),
                transition(b, HALF_OPEN, CLOSED, halfOpened)), transitions());
        assertEquals(3, b.stateTransitions());
    }

    @Test
    void manyThreadsTrippingTogetherPublishOneOpenEvent() throws Exception {
        CircuitBreaker b = breaker(count(100, 10, 50));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    b.onResult(1, BOOM);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : threads) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(OPEN, b.state());
        assertEquals(List.of(CLOSED), transitions().stream().map(StateTransition::from).toList());
        assertEquals(1, b.stateTransitions());
    }

    @Test
    void noEventIsBuiltWithoutSubscribers() {
        CircuitBreaker b = new CircuitBreaker("quiet", count(1, 1, 50), clock, new EventBus());
        fail(b, 1);
        assertEquals(OPEN, b.state());
        assertEquals(1, b.stateTransitions());
        assertTrue(published.isEmpty());
    }

    @Test
    void manualTransitionsPublishAndSameStateIsANoOp() {
        CircuitBreaker b = breaker(count(10, 10, 50));
        b.transitionToClosed();
        assertTrue(published.isEmpty());
        b.transitionToOpen();
        assertEquals(OPEN, b.state());
        assertEquals(WAIT, b.remainingOpenNanos());
        b.transitionToHalfOpen();
        assertEquals(HALF_OPEN, b.state());
        b.transitionToClosed();
        assertEquals(CLOSED, b.state());
        assertEquals(List.of(OPEN, HALF_OPEN, CLOSED), transitions().stream().map(StateTransition::to).toList());
    }

    @Test
    void countWindowAggregateEqualsTheRingAfterConcurrentRecords() throws Exception {
        CountWindow window = new CountWindow(97, 1, 100, 100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 50_000; i++) {
                    window.record(random.nextBoolean(), random.nextInt(4) == 0);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : threads) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(window.recount(), window.snapshot());
        assertEquals(97, Outcomes.calls(window.snapshot()));
    }

    @Test
    void closedBreakerCountWindowStaysExactUnderManyThreads() throws Exception {
        CircuitBreaker b = breaker(count(1000, 1000, 100));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    b.onResult(i % 7 == 0 ? SLOW : 1, i % 3 == 0 ? BOOM : null);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : threads) {
            f.get(60, TimeUnit.SECONDS);
        }
        CountWindow window = b.countWindowForTest();
        assertNotNull(window);
        assertEquals(window.recount(), window.snapshot());
        assertEquals(1000, b.bufferedCalls());
        assertEquals(8 * 20_000, b.successfulCalls() + b.failedCalls());
    }

    @Test
    void packedOutcomesDecodeNegativeFieldsExactly() {
        long packed = -3 * Outcomes.ONE_CALL + 2 * Outcomes.ONE_FAILURE - 1 * Outcomes.ONE_SLOW;
        assertEquals(-3, Outcomes.calls(packed));
        assertEquals(2, Outcomes.failures(packed));
        assertEquals(-1, Outcomes.slowCalls(packed));
        long full = Outcomes.MAX_FIELD * (Outcomes.ONE_CALL + Outcomes.ONE_FAILURE + Outcomes.ONE_SLOW);
        assertEquals(Outcomes.MAX_FIELD, Outcomes.calls(full));
        assertEquals(Outcomes.MAX_FIELD, Outcomes.failures(full));
        assertEquals(Outcomes.MAX_FIELD, Outcomes.slowCalls(full));
    }

    @Test
    void closedSuccessPathAllocatesNothing() {
        CircuitBreaker b = breaker(count(100, 100, 50));
        Runnable call = () -> {
            if (b.tryAcquirePermission()) {
                b.onResult(1, null);
            }
        };
        long perCall = Allocation.bytesPerCall(call);
        assertEquals(0, perCall, "bytes allocated per closed-breaker success");
    }

    @Test
    void waitAcceptsDurations() {
        CircuitBreaker b = breaker(count(1, 1, 50));
        fail(b, 1);
        clock.advance(Duration.ofNanos(WAIT));
        assertTrue(b.tryAcquirePermission());
    }
}
