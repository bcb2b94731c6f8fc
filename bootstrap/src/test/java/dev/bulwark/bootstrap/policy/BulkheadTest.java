package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.Await;
import dev.bulwark.bootstrap.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkheadTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private Bulkhead bulkhead(int max, long maxWaitNanos) {
        return new Bulkhead("inventory", new BulkheadRules(max, maxWaitNanos), clock, new EventBus());
    }

    /** Starts a thread that asks for a permit and waits until it is parked waiting. */
    private Future<Boolean> waiter(Bulkhead b) {
        int waitingBefore = b.waitingCalls();
        long parksBefore = clock.parkCalls();
        Future<Boolean> f = pool.submit(b::tryAcquire);
        Await.until(() -> b.waitingCalls() > waitingBefore && clock.parkCalls() > parksBefore, "waiter parked");
        return f;
    }

    private void runsConcurrently(Bulkhead b, int limit, int threads, int attemptsPerThread) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < attemptsPerThread; i++) {
                    if (b.tryAcquire()) {
                        try {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                        } finally {
                            inside.decrementAndGet();
                            b.release();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(maxInside.get() <= limit, "max concurrent " + maxInside.get() + " > " + limit);
        assertEquals((long) threads * attemptsPerThread, b.permittedCalls() + b.rejectedCalls());
        assertEquals(0, b.concurrentCalls());
        assertEquals(0, b.waitingCalls());
    }

    @Test
    void neverExceedsItsLimitUnderManyThreads() throws Exception {
        Bulkhead b = bulkhead(4, 0);
        runsConcurrently(b, 4, 16, 5_000);
        assertTrue(b.rejectedCalls() > 0 || b.permittedCalls() == 16 * 5_000);
    }

    @Test
    void waitingCallsAllGetAPermitWhenNoneTimesOut() throws Exception {
        // The manual clock never moves, so every call waits for a release: a lost wake-up hangs here.
        Bulkhead b = bulkhead(3, 3_600_000 * MS);
        runsConcurrently(b, 3, 16, 2_000);
        assertEquals(16 * 2_000, b.permittedCalls());
        assertEquals(0, b.rejectedCalls());
    }

    @Test
    void zeroWaitRejectsAtOnce() {
        Bulkhead b = bulkhead(1, 0);
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        assertEquals(1, b.permittedCalls());
        assertEquals(1, b.rejectedCalls());
        assertEquals(0, clock.parkCalls());
    }

    @Test
    void releaseFreesThePermitForTheNextCall() {
        Bulkhead b = bulkhead(1, 0);
        assertTrue(b.tryAcquire());
        assertEquals(1, b.concurrentCalls());
        b.release();
        assertEquals(0, b.concurrentCalls());
        assertTrue(b.tryAcquire());
    }

    @Test
    void releaseWithoutAcquireDoesNotRaiseTheLimit() {
        Bulkhead b = bulkhead(1, 0);
        b.release();
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
    }

    @Test
    void permittedCallsCountPermitsTakenWhateverWasGivenBack() {
        Bulkhead b = bulkhead(2, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryAcquire());
            b.release();
        }
        b.release(); // one too many: neither a permit nor a permitted call
        assertTrue(b.tryAcquire());
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        assertEquals(5, b.permittedCalls());
        assertEquals(2, b.concurrentCalls());
        assertEquals(1, b.rejectedCalls());
    }

    @Test
    void waiterGetsAPermitReleasedBeforeItsDeadline() throws Exception {
        Bulkhead b = bulkhead(1, 100 * MS);
        assertTrue(b.tryAcquire());
        Future<Boolean> waiting = waiter(b);
        clock.advanceNanos(50 * MS);
        b.release();
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(2, b.permittedCalls());
        assertEquals(1, b.concurrentCalls());
        assertEquals(0, b.waitingCalls());
    }

    @Test
    void waiterTimesOutExactlyAtItsDeadline() throws Exception {
        Bulkhead b = bulkhead(1, 100 * MS);
        assertTrue(b.tryAcquire());
        Future<Boolean> waiting = waiter(b);

        long parks = clock.parkCalls();
        clock.advanceNanos(100 * MS - 1);
        Await.until(() -> clock.parkCalls() > parks, "waiter saw the new time and parked again");
        assertFalse(waiting.isDone());
        assertEquals(1, b.waitingCalls());

        clock.advanceNanos(1);
        assertFalse(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, b.rejectedCalls());
        assertEquals(0, b.waitingCalls());
    }

    @Test
    void releasingTwoPermitsWakesTwoWaiters() throws Exception {
        Bulkhead b = bulkhead(2, 100 * MS);
        assertTrue(b.tryAcquire());
        assertTrue(b.tryAcquire());
        Future<Boolean> first = waiter(b);
        Future<Boolean> second = waiter(b);
        b.release();
        b.release();
        assertTrue(first.get(10, TimeUnit.SECONDS));
        assertTrue(second.get(10, TimeUnit.SECONDS));
        assertEquals(2, b.concurrentCalls());
    }

    @Test
    void waiterThatTimesOutPassesAFreePermitOn() throws Exception {
        Bulkhead b = bulkhead(1, 100 * MS);
        assertTrue(b.tryAcquire());
        Future<Boolean> early = waiter(b);
        clock.advanceNanos(50 * MS);
        Future<Boolean> late = waiter(b);
        clock.advanceNanos(50 * MS); // the early waiter's deadline
        assertFalse(early.get(10, TimeUnit.SECONDS));
        b.release();
        assertTrue(late.get(10, TimeUnit.SECONDS));
    }

    @Test
    void interruptedWaiterReturnsFalseWithTheInterruptFlagSet() throws Exception {
        Bulkhead b = bulkhead(1, 100 * MS);
        assertTrue(b.tryAcquire());
        AtomicReference<Thread> thread = new AtomicReference<>();
        long parksBefore = clock.parkCalls();
        Future<Boolean> flagAfter = pool.submit(() -> {
            thread.set(Thread.currentThread());
            boolean acquired = b.tryAcquire();
            return !acquired && Thread.currentThread().isInterrupted();
        });
        Await.until(() -> b.waitingCalls() == 1 && clock.parkCalls() > parksBefore, "waiter parked");
        thread.get().interrupt();
        assertTrue(flagAfter.get(10, TimeUnit.SECONDS));
        assertEquals(1, b.rejectedCalls());
        assertEquals(0, b.waitingCalls());
    }

    @Test
    void interruptedCallerStillGetsAFreePermit() {
        Bulkhead b = bulkhead(1, 100 * MS);
        Thread.currentThread().interrupt();
        try {
            assertTrue(b.tryAcquire());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void uncontendedAcquireAndReleaseAllocateNothing() {
        Bulkhead b = bulkhead(25, 0);
        Runnable call = () -> {
            if (b.tryAcquire()) {
                b.release();
            }
        };
        assertEquals(0, Allocation.bytesPerCall(call));
    }
}
