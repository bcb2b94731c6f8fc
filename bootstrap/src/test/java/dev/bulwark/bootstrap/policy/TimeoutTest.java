package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.time.ManualClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock();
    private final Timeout timeout = new Timeout("t", new TimeoutRules(100 * MS), clock);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        Thread.interrupted();
    }

    @Test
    void aCallThatEndsBeforeItsDeadlineIsNotTimedOutAndItsTimerIsCancelled() {
        Timeout.Timer timer = timeout.start();
        clock.advanceNanos(99 * MS);
        assertFalse(timeout.stop(timer));
        assertEquals(0, clock.pendingTasks());
        clock.advanceNanos(10 * MS);
        assertFalse(Thread.currentThread().isInterrupted(), "a cancelled timer never fires");
        assertEquals(1, timeout.callsInTime());
        assertEquals(0, timeout.timedOutCalls());
    }

    @Test
    void aCallStillRunningAtItsDeadlineIsTimedOutExactlyThen() {
        Timeout.Timer timer = timeout.start();
        clock.advanceNanos(99 * MS);
        assertFalse(Thread.currentThread().isInterrupted());
        clock.advanceNanos(MS);
        assertTrue(Thread.currentThread().isInterrupted(), "interrupted at the deadline");
        assertTrue(timeout.stop(timer));
        assertEquals(1, timeout.timedOutCalls());
    }

    @Test
    void stoppingTakesBackTheInterruptItSent() {
        Timeout.Timer timer = timeout.start();
        clock.advanceNanos(100 * MS);
        assertTrue(timeout.stop(timer));
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's later code sees no interrupt of ours");
    }

    @Test
    void theInterruptWakesABlockedCall() throws Exception {
        CountDownLatch armed = new CountDownLatch(1);
        Future<Boolean> call = pool.submit(() -> {
            Timeout.Timer timer = timeout.start();
            armed.countDown();
            try {
                new CountDownLatch(1).await(); // blocks until interrupted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // what well-behaved code does
            }
            boolean timedOut = timeout.stop(timer);
            return timedOut && !Thread.currentThread().isInterrupted();
        });
        assertTrue(armed.await(10, TimeUnit.SECONDS));
        clock.advanceNanos(100 * MS);
        assertTrue(call.get(10, TimeUnit.SECONDS), "timed out, with the interrupt taken back");
    }

    @Test
    void aNewDurationAppliesToCallsStartedAfterIt() {
        Timeout.Timer before = timeout.start();
        timeout.reconfigure(new TimeoutRules(10 * MS));
        Timeout.Timer after = timeout.start();
        clock.advanceNanos(10 * MS);
        assertTrue(timeout.stop(after));
        assertFalse(timeout.stop(before));
        assertEquals(100 * MS, before.durationNanos());
    }

    @Test
    void aDurationMustBePositive() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new TimeoutRules(0));
        assertEquals("value", e.attribute());
    }

    @Test
    void aRetryRetriesATimeoutButNotARejection() {
        Retry retry = new Retry("r", new RetryRules(3, 0, 1, 0, 0, 0, java.util.List.of(), java.util.List.of()), clock);
        assertEquals(0, retry.nextWaitNanos(new dev.bulwark.annotations.TimeoutExceededException("t", "x",
                java.time.Duration.ofMillis(100)), 1, 0));
        assertEquals(-1, retry.nextWaitNanos(new dev.bulwark.annotations.BulkheadFullException("b", "x", 1,
                java.time.Duration.ZERO), 1, 0));
    }
}
