package dev.bulwark.bootstrap.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkEvent.CallRejected;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.policy.TimeoutRules;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A timeout's deadline: the whole call with its retries, each attempt cut to what is left of it. */
class DeadlineTest {
    private static final long MS = 1_000_000L;
    private static final String TARGET = "com.acme.Orders#place";

    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<BulwarkEvent> published = new CopyOnWriteArrayList<>();
    private final Registry registry = new Registry(clock, events);

    DeadlineTest() {
        events.subscribe(published::add);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Retries 200ms apart, a timeout of {@code duration} per attempt within {@code deadline}. */
    private Guard guard(int maxAttempts, long duration, long deadline) {
        return guard(null, maxAttempts, duration, deadline);
    }

    private Guard guard(CircuitBreakerRules breaker, int maxAttempts, long duration, long deadline) {
        RetryRules retry = new RetryRules(maxAttempts, 200 * MS, 1.0, 0, 0, 0, List.of(), List.of());
        GuardPlan plan = new GuardPlan(TARGET, breaker == null ? null : "payments", breaker, "payments", retry, null,
                null, null, null, null, "payments", new TimeoutRules(duration, deadline), null, null, null);
        return registry.guardOf(registry.register(TARGET, plan));
    }

    /** Lets the clock run until the armed timer fires, and checks it fires exactly then and not before. */
    private void runUntilTimerFires(long nanos) {
        clock.advanceNanos(nanos - 1);
        assertFalse(Thread.currentThread().isInterrupted(), "the timer fired early");
        clock.advanceNanos(1);
        assertTrue(Thread.currentThread().isInterrupted(), "the timer did not fire");
    }

    @Test
    void eachAttemptGetsWhatIsLeftOfTheDeadlineWhenThatIsLessThanItsDuration() {
        Guard guard = guard(3, 1_000 * MS, 1_500 * MS);
        Object timer = guard.enter();
        long firstStart = guard.now();

        runUntilTimerFires(1_000 * MS);
        Throwable first = guard.stopTimer(timer, null);
        assertEquals(Duration.ofSeconds(1), ((TimeoutExceededException) first).timeout());
        long wait = guard.onAttemptEnd(firstStart, first, 1, firstStart);
        assertEquals(200 * MS, wait);

        Object second = guard.beginNextAttempt(wait, first);
        long start = guard.now();
        assertEquals(1_200 * MS, start);
        runUntilTimerFires(300 * MS);
        Throwable last = guard.stopTimer(second, null);

        TimeoutExceededException timedOut = assertInstanceOf(TimeoutExceededException.class, last);
        assertEquals(Duration.ofMillis(1_500), timedOut.timeout(), "the message names the deadline it ran past");
        assertEquals(-1, guard.onAttemptEnd(start, last, 2, firstStart), "no time is left for a third attempt");
        assertEquals(2, guard.timeout().timedOutCalls());
    }

    @Test
    void theFirstAttemptIsCutAtADeadlineShorterThanItsDuration() {
        Guard guard = guard(3, 1_000 * MS, 400 * MS);
        Object timer = guard.enter();

        runUntilTimerFires(400 * MS);

        TimeoutExceededException timedOut = assertInstanceOf(TimeoutExceededException.class,
                guard.stopTimer(timer, null));
        assertEquals(Duration.ofMillis(400), timedOut.timeout());
    }

    @Test
    void anAttemptThatEndsInTimeKeepsItsWholeDurationWhenTheDeadlineLeavesMore() {
        Guard guard = guard(3, 100 * MS, 10_000 * MS);
        Object timer = guard.enter();
        long firstStart = guard.now();
        clock.advanceNanos(50 * MS);
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, guard.stopTimer(timer, boom));
        long wait = guard.onAttemptEnd(firstStart, boom, 1, firstStart);

        Object second = guard.beginNextAttempt(wait, boom);

        runUntilTimerFires(100 * MS);
        assertEquals(Duration.ofMillis(100), ((TimeoutExceededException) guard.stopTimer(second, null)).timeout());
    }

    @Test
    void aRetryWhoseWaitWouldUseUpTheDeadlineIsNotMadeAndTheLastFailureStands() {
        Guard guard = guard(3, 1_000 * MS, 1_100 * MS);
        Object timer = guard.enter();
        long firstStart = guard.now();
        clock.advanceNanos(900 * MS);
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, guard.stopTimer(timer, boom));

        assertEquals(-1, guard.onAttemptEnd(firstStart, boom, 1, firstStart), "900ms + 200ms wait leaves no time");
        assertEquals(1, guard.retry().failedCallsWithoutRetry());
        assertEquals(0, guard.retry().retryAttempts());
    }

    @Test
    void anAsynchronousRetryPastTheDeadlineIsRejectedWithTheTimeoutBeforeAnyPermit() {
        CircuitBreakerRules breaker = new CircuitBreakerRules(SlidingWindowType.COUNT, 10, 10, 50, 100, 1_000 * MS,
                60_000 * MS, 1, List.of(), List.of());
        Guard guard = guard(breaker, 3, 1_000 * MS, 1_500 * MS);
        assertNull(guard.tryEnterAsync());
        long firstStart = guard.now();
        IllegalStateException boom = new IllegalStateException("boom");
        assertEquals(200 * MS, guard.onAttemptEnd(firstStart, boom, 1, firstStart));
        clock.advanceNanos(1_500 * MS); // the worker thread was late
        guard.breaker().transitionToHalfOpen(); // one trial permit: the rejection must leave it

        Throwable rejection = guard.acquireForAsyncRetry(boom, firstStart);

        TimeoutExceededException timedOut = assertInstanceOf(TimeoutExceededException.class, rejection);
        assertEquals(Duration.ofMillis(1_500), timedOut.timeout());
        assertSame(boom, timedOut.getSuppressed()[0]);
        assertEquals(CircuitBreakerState.HALF_OPEN, guard.breaker().state());
        assertTrue(guard.breaker().tryAcquirePermission(), "the retry took no breaker permit");
        CallRejected event = published.stream().filter(CallRejected.class::isInstance).map(CallRejected.class::cast)
                .findFirst().orElseThrow();
        assertEquals(PolicyKind.TIMEOUT, event.kind());
    }

    @Test
    void aSynchronousRetryPastTheDeadlineIsRejectedWithTheTimeout() {
        Guard guard = guard(3, 1_000 * MS, 1_500 * MS);
        Object timer = guard.enter();
        long firstStart = guard.now();
        clock.advanceNanos(100 * MS);
        IllegalStateException boom = new IllegalStateException("boom");
        guard.stopTimer(timer, boom);
        long wait = guard.onAttemptEnd(firstStart, boom, 1, firstStart);
        // A wait that overran (a loaded machine): the next attempt finds no time left.
        TimeoutExceededException timedOut = assertThrows(TimeoutExceededException.class,
                () -> guard.beginNextAttempt(wait + 1_300 * MS, boom));
        assertEquals(Duration.ofMillis(1_500), timedOut.timeout());
    }

    @Test
    void anAsynchronousCallEndsAtItsDeadlineWithItsLastAttemptCutShort() throws Exception {
        Guard guard = guard(3, 1_000 * MS, 1_500 * MS);
        NeverAnswers target = new NeverAnswers();
        assertNull(guard.tryEnterAsync());
        long start = guard.now();
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> result = (CompletableFuture<Object>) guard.async(NeverAnswers.class, target,
                new Object[0], "call", "()Ljava/util/concurrent/CompletableFuture;", start, null, target.call(), null);
        AtomicLong failedAt = new AtomicLong(-1);
        result.whenComplete((v, e) -> failedAt.set(clock.nanoTime()));

        clock.advanceNanos(1_000 * MS); // the first attempt times out after its duration
        clock.advanceNanos(200 * MS); // the retry's wait; the second attempt starts with 300ms left
        assertEquals(2, target.calls.get());
        clock.advanceNanos(299 * MS);
        assertFalse(result.isDone());
        clock.advanceNanos(MS);

        assertTrue(result.isCompletedExceptionally());
        assertEquals(1_500 * MS, failedAt.get());
        Throwable failure = result.handle((v, e) -> e).get();
        assertEquals(Duration.ofMillis(1_500), assertInstanceOf(TimeoutExceededException.class, failure).timeout());
        assertEquals(2, target.calls.get());
    }

    /** A method whose stage never completes. */
    public static final class NeverAnswers {
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<String> call() {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        }
    }
}
