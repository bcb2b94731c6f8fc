package dev.bulwark.bootstrap.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.RateLimiterRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous call that must wait for a permit waits on Bulwark's timer, never on the caller's
 * thread: the caller gets its future at once, the method runs once the permit comes, or the future
 * fails with the rejection once the wait runs out. Each test would park its thread on the manual
 * clock if acquisition blocked; the preemptive bound turns that hang into a failure.
 */
class AsyncPermitWaitTest {
    private static final long MS = 1_000_000L;
    private static final String TARGET = "com.acme.Quotes#quote";
    private static final String DESCRIPTOR = "()Ljava/util/concurrent/CompletableFuture;";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final Registry registry = new Registry(clock, new EventBus());
    private final Stages stages = new Stages();

    private Guard guard(RetryRules retry, BulkheadRules bulkhead, RateLimiterRules rateLimiter) {
        GuardPlan plan = new GuardPlan(TARGET, null, null, retry == null ? null : "quotes", retry, null,
                bulkhead == null ? null : "quotes", bulkhead, rateLimiter == null ? null : "quotes", rateLimiter,
                null, null, null, null, null);
        return registry.guardOf(registry.register(TARGET, plan));
    }

    /** A call as the advice makes it: enter, run the body unless told not to, hand both to the guard. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> call(Guard guard) {
        Throwable rejected = guard.enterAsync();
        long start = guard.now();
        Object returned = rejected == null ? stages.call() : null;
        return (CompletableFuture<Object>) guard.async(Stages.class, stages, new Object[0], "call", DESCRIPTOR, start,
                rejected, returned, null);
    }

    private static Throwable failure(CompletableFuture<Object> f) throws InterruptedException {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aCallWaitingForABulkheadPermitReturnsAtOnceAndRunsWhenAPermitIsGivenBack() {
        Guard guard = guard(null, new BulkheadRules(1, 1_000 * MS, false, 1), null);
        assertTimeoutPreemptively(BOUND, () -> {
            CompletableFuture<Object> first = call(guard);
            CompletableFuture<Object> second = call(guard);

            assertFalse(second.isDone());
            assertEquals(1, stages.started.size(), "the second body waits for the permit");
            assertEquals(0, clock.parkCalls(), "no thread parked");
            assertEquals(1, guard.bulkhead().waitingCalls());

            stages.started.get(0).complete("first");
            assertEquals(0, guard.bulkhead().waitingCalls());
            assertEquals("first", first.get());
            assertEquals(2, stages.started.size(), "the given-back permit runs the second body");
            stages.started.get(1).complete("second");
            assertEquals("second", second.get());
            assertEquals(0, guard.bulkhead().concurrentCalls());
            assertEquals(0, guard.bulkhead().rejectedCalls());
        });
    }

    @Test
    void aBulkheadWaitThatRunsOutFailsTheFutureAndTheBodyNeverRuns() {
        Guard guard = guard(null, new BulkheadRules(1, 1_000 * MS, false, 1), null);
        assertTimeoutPreemptively(BOUND, () -> {
            call(guard);
            CompletableFuture<Object> second = call(guard);

            clock.advanceNanos(999 * MS);
            assertFalse(second.isDone());
            clock.advanceNanos(MS);

            BulkheadFullException full = assertInstanceOf(BulkheadFullException.class, failure(second));
            assertEquals(1, full.maxConcurrentCalls());
            assertEquals(1, guard.bulkhead().rejectedCalls());
            assertEquals(0, guard.bulkhead().waitingCalls());
            stages.started.get(0).complete("first");
            assertEquals(1, stages.started.size(), "a permit given back after the wait ran out runs nothing");
            assertEquals(0, guard.bulkhead().concurrentCalls());
        });
    }

    @Test
    void aCallWaitingForARateLimiterPermitRunsWhenTheNextPermitFrees() {
        Guard guard = guard(null, null, new RateLimiterRules(1, 1_000 * MS, 5_000 * MS));
        assertTimeoutPreemptively(BOUND, () -> {
            call(guard);
            long until = guard.rateLimiter().nanosUntilNextPermit();
            CompletableFuture<Object> second = call(guard);
            assertEquals(1, stages.started.size());

            clock.advanceNanos(until - 1);
            assertEquals(1, stages.started.size(), "no permit yet");
            clock.advanceNanos(1);

            assertEquals(2, stages.started.size());
            stages.started.get(1).complete("second");
            assertEquals("second", second.get());
            assertEquals(0, clock.parkCalls());
        });
    }

    @Test
    void aRateLimiterWaitThatRunsOutFailsTheFutureWithItsRejection() {
        Guard guard = guard(null, null, new RateLimiterRules(1, 3_600_000 * MS, 500 * MS));
        assertTimeoutPreemptively(BOUND, () -> {
            call(guard);
            CompletableFuture<Object> second = call(guard);

            clock.advanceNanos(499 * MS);
            assertFalse(second.isDone());
            clock.advanceNanos(MS);

            assertInstanceOf(RateLimitExceededException.class, failure(second));
            assertEquals(1, guard.rateLimiter().rejectedCalls());
            assertEquals(1, stages.started.size());
        });
    }

    @Test
    void aRetryWaitsForItsPermitOnTheTimerToo() {
        Guard guard = guard(new RetryRules(2, 200 * MS, 1.0, 0, 0, 0, List.of(), List.of()),
                new BulkheadRules(1, 1_000 * MS, false, 1), null);
        assertTimeoutPreemptively(BOUND, () -> {
            CompletableFuture<Object> retried = call(guard);
            stages.started.get(0).completeExceptionally(new IllegalStateException("busy"));
            CompletableFuture<Object> other = call(guard); // takes the permit the first attempt gave back

            clock.advanceNanos(200 * MS); // the retry is due: the bulkhead is full, so it waits
            assertEquals(2, stages.started.size());
            assertFalse(retried.isDone());
            assertEquals(0, clock.parkCalls(), "no worker parked either");

            stages.started.get(1).complete("other");
            assertEquals("other", other.get());
            assertEquals(3, stages.started.size(), "the retry ran once the permit came back");
            stages.started.get(2).complete("retried");
            assertEquals("retried", retried.get());
        });
    }

    @Test
    void theNonWaitingEntryRejectsAtOnceWhateverWaitTheRulesAllow() {
        Guard guard = guard(null, new BulkheadRules(1, 1_000 * MS, false, 1),
                new RateLimiterRules(100, 1_000 * MS, 0));
        assertTimeoutPreemptively(BOUND, () -> {
            assertNull(guard.tryEnterAsync());
            Throwable rejected = guard.tryEnterAsync();

            assertInstanceOf(BulkheadFullException.class, rejected);
            assertEquals(0, clock.parkCalls());
            assertEquals(1, guard.bulkhead().rejectedCalls());
        });
    }

    @Test
    void aWaitIsNoRejectionAndAFreePermitNeedsNoWait() {
        Guard guard = guard(null, new BulkheadRules(1, 1_000 * MS, false, 1), null);
        assertNull(guard.enterAsync());
        Throwable waiting = guard.enterAsync();
        assertFalse(waiting instanceof BulwarkException);
        assertTrue(waiting instanceof PermitWait);
    }

    /** A method whose stages the test completes by hand. */
    public static final class Stages {
        final List<CompletableFuture<String>> started = new CopyOnWriteArrayList<>();

        public CompletableFuture<String> call() {
            CompletableFuture<String> stage = new CompletableFuture<>();
            started.add(stage);
            return stage;
        }
    }
}
