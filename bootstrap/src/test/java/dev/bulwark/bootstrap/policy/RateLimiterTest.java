package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.bootstrap.time.Await;
import dev.bulwark.bootstrap.time.Clock;
import dev.bulwark.bootstrap.time.ManualClock;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    /** Width of one bucket of a 1s period. */
    private static final long BUCKET = SECOND / RateLimiter.BUCKETS;

    private final ManualClock clock = new ManualClock();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private RateLimiter limiter(int limit, long periodNanos, long timeoutNanos) {
        return new RateLimiter("search-api", new RateLimiterRules(limit, periodNanos, timeoutNanos), clock);
    }

    private static int take(RateLimiter limiter, int times) {
        int taken = 0;
        for (int i = 0; i < times; i++) {
            if (limiter.tryAcquire()) {
                taken++;
            }
        }
        return taken;
    }

    /** Starts a thread that asks for a permit and waits until it is parked on the clock. */
    private Future<Boolean> waiter(RateLimiter limiter) {
        long parksBefore = clock.parkCalls();
        Future<Boolean> f = pool.submit(limiter::tryAcquire);
        awaitParkedAgain(parksBefore);
        return f;
    }

    /** Waits until a waiter woken by an advance has parked once more. */
    private void awaitParkedAgain(long parksBefore) {
        Await.until(() -> clock.parkCalls() > parksBefore && clock.parkedThreads() == 1, "waiter parked");
    }

    @Test
    void theLimitIsReachedExactlyThenCallsAreRejected() {
        RateLimiter limiter = limiter(5, SECOND, 0);
        assertEquals(5, take(limiter, 5));
        assertFalse(limiter.tryAcquire());
        assertEquals(0, limiter.availablePermits());
        assertEquals(5, limiter.permittedCalls());
        assertEquals(1, limiter.rejectedCalls());
    }

    @Test
    void permitsComeBackOneBucketAtATimeAsTheWindowMoves() {
        RateLimiter limiter = limiter(RateLimiter.BUCKETS, SECOND, 0);
        // One permit in each of the 20 buckets of the first period.
        for (int b = 0; b < RateLimiter.BUCKETS; b++) {
            assertTrue(limiter.tryAcquire(), "bucket " + b);
            clock.advanceNanos(BUCKET);
        }
        // Now at the start of bucket 20: bucket 0 is still live (a permit counts for 21 buckets).
        assertEquals(0, limiter.availablePermits());
        for (int freed = 1; freed <= RateLimiter.BUCKETS; freed++) {
            clock.advanceNanos(BUCKET - 1);
            assertEquals(freed - 1, limiter.availablePermits(), "1ns before bucket " + (freed - 1) + " retires");
            clock.advanceNanos(1);
            assertEquals(freed, limiter.availablePermits(), "bucket " + (freed - 1) + " retired");
        }
    }

    @Test
    void aPermitCountsForSlightlyMoreThanOnePeriodNeverLess() {
        RateLimiter limiter = limiter(3, SECOND, 0);
        assertEquals(3, take(limiter, 3));
        clock.advanceNanos(SECOND);
        assertEquals(0, limiter.availablePermits(), "exactly one period later the permits still count");
        clock.advanceNanos(BUCKET - 1);
        assertEquals(0, limiter.availablePermits());
        clock.advanceNanos(1);
        assertEquals(3, limiter.availablePermits(), "after 21 buckets of 50ms they are free");
    }

    @Test
    void aPeriodThatDoesNotSplitEvenlyStillHoldsEachPermitForAFullPeriod() {
        // 1_000_019ns / 20 rounds up to 50_001ns buckets. Rounded down to 50_000ns, this permit at the
        // end of bucket 0 would leave at 21 * 50_000ns, 18ns before a period has passed.
        long period = 1_000_019;
        RateLimiter limiter = limiter(1, period, 0);
        clock.advanceNanos(49_999);
        assertTrue(limiter.tryAcquire());
        clock.advanceNanos(period);
        assertEquals(0, limiter.availablePermits());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void neverMoreThanTheLimitInAnyIntervalOfOnePeriod() {
        for (long period : new long[] {MS, 1_000_019, 3 * MS + 7}) {
            for (long seed = 1; seed <= 5; seed++) {
                checkSlidingIntervals(period, 7, seed);
            }
        }
    }

    private void checkSlidingIntervals(long period, int limit, long seed) {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter("random", new RateLimiterRules(limit, period, 0), clock);
        Random random = new Random(seed);
        List<Long> admitted = new ArrayList<>();
        long maxStep = period / 25;
        for (int step = 0; step < 20_000; step++) {
            clock.advanceNanos((long) (random.nextDouble() * maxStep));
            int burst = random.nextInt(5);
            for (int i = 0; i < burst; i++) {
                if (limiter.tryAcquire()) {
                    admitted.add(clock.nanoTime());
                }
            }
        }
        // The busiest interval of one period starts at an admission: checking those covers all intervals.
        int end = 0;
        for (int start = 0; start < admitted.size(); start++) {
            while (end < admitted.size() && admitted.get(end) - admitted.get(start) <= period) {
                end++;
            }
            int inInterval = end - start;
            if (inInterval > limit) {
                throw new AssertionError(inInterval + " permits in [" + admitted.get(start) + ", "
                        + (admitted.get(start) + period) + "], limit " + limit + ", period " + period + ", seed " + seed);
            }
        }
        // Strict, yet not much stricter than the rules: a permit comes back within 21/20 of a period plus one step.
        long elapsed = clock.nanoTime();
        long floor = (long) (0.9 * limit * elapsed / (period * 21.0 / 20 + maxStep));
        assertTrue(admitted.size() >= floor, admitted.size() + " admitted, expected at least " + floor);
        assertEquals(admitted.size(), limiter.permittedCalls());
    }

    @Test
    void manyThreadsAtOneInstantAdmitExactlyTheLimit() throws Exception {
        RateLimiter limiter = limiter(500, SECOND, 0);
        int threads = 16;
        int attempts = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                start.await();
                return take(limiter, attempts);
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Integer> f : running) {
            admitted += f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(500, admitted);
        assertEquals(500, limiter.permittedCalls());
        assertEquals(threads * attempts - 500, limiter.rejectedCalls());
        assertEquals(0, limiter.availablePermits());
    }

    @Test
    void countsStayExactWhileTheWindowMovesUnderManyThreads() throws Exception {
        RateLimiter limiter = limiter(50, MS, 0);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(pool.submit(() -> {
                start.await();
                int taken = 0;
                while (!stop.get()) {
                    taken += take(limiter, 1);
                    // Leaves the advancing thread a share of a small machine's cores.
                    Thread.yield();
                }
                return taken;
            }));
        }
        start.countDown();
        for (int i = 0; i < 2_000; i++) {
            clock.advanceNanos(70_000);
            Thread.yield();
        }
        stop.set(true);
        long admitted = 0;
        for (Future<Integer> f : running) {
            admitted += f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(admitted, limiter.permittedCalls());
        // 140ms of clock at 50 per 1ms: never more than 141 windows' worth.
        assertTrue(admitted <= 50L * 141, "admitted " + admitted);
        // No permit leaked from the sum: once the window has moved on, every permit is free again.
        clock.advanceNanos(2 * MS);
        assertEquals(50, limiter.availablePermits());
    }

    @Test
    void aPermitRecordedIntoABucketAlreadyRetiredLeavesTheWindow() {
        StaleClock stale = new StaleClock();
        RateLimiter limiter = new RateLimiter("stale", new RateLimiterRules(2, SECOND, 0), stale.clock);
        assertTrue(limiter.tryAcquire());
        stale.now = SECOND + 2 * BUCKET;
        assertEquals(2, limiter.availablePermits(), "bucket 0 retired");
        // A thread whose reading is more than a period old lands in the dead bucket 0.
        stale.now = 0;
        assertTrue(limiter.tryAcquire());
        stale.now = SECOND + 2 * BUCKET;
        assertEquals(2, limiter.availablePermits());
    }

    @Test
    void aPermitWhoseSlotANewerBucketHoldsIsGivenBack() {
        StaleClock stale = new StaleClock();
        RateLimiter limiter = new RateLimiter("stale", new RateLimiterRules(2, SECOND, 0), stale.clock);
        // Bucket 21 takes slot 0, the slot of bucket 0.
        stale.now = 21 * BUCKET;
        assertTrue(limiter.tryAcquire());
        stale.now = 0;
        assertTrue(limiter.tryAcquire());
        stale.now = 21 * BUCKET;
        assertEquals(1, limiter.availablePermits());
    }

    /**
     * A clock a test may set backwards, as a thread's stale reading would be. A proxy, so it follows
     * the Clock interface as that grows; only nanoTime is ever asked for here.
     */
    private static final class StaleClock {
        volatile long now;
        final Clock clock = (Clock) Proxy.newProxyInstance(Clock.class.getClassLoader(), new Class<?>[] {Clock.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "nanoTime" -> now;
                    case "toString" -> "StaleClock[" + now + "ns]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void nanosUntilNextPermitIsTheTimeUntilTheOldestBucketRetires() {
        RateLimiter limiter = limiter(2, SECOND, 0);
        assertEquals(0, limiter.nanosUntilNextPermit());
        assertTrue(limiter.tryAcquire());
        assertEquals(0, limiter.nanosUntilNextPermit());
        clock.advanceNanos(120 * MS);
        assertTrue(limiter.tryAcquire());
        clock.advanceNanos(10 * MS);
        // Bucket 0 retires when bucket 21 begins: 1050ms.
        assertEquals(920 * MS, limiter.nanosUntilNextPermit());
        clock.advanceNanos(920 * MS);
        assertEquals(0, limiter.nanosUntilNextPermit());
        assertTrue(limiter.tryAcquire());
        // The permit of 120ms sits in bucket 2, which retires at 23 * 50ms.
        assertEquals(100 * MS, limiter.nanosUntilNextPermit());
    }

    @Test
    void aWaiterGetsAPermitWhenTheClockReachesTheNextFreeTime() throws Exception {
        RateLimiter limiter = limiter(1, SECOND, 2 * SECOND);
        assertTrue(limiter.tryAcquire());
        Future<Boolean> f = waiter(limiter);
        long parks = clock.parkCalls();
        clock.advanceNanos(1050 * MS - 1);
        awaitParkedAgain(parks);
        assertFalse(f.isDone());
        clock.advanceNanos(1);
        assertTrue(f.get(10, TimeUnit.SECONDS));
        assertEquals(2, limiter.permittedCalls());
        assertEquals(0, limiter.rejectedCalls());
    }

    @Test
    void aWaiterTimesOutExactlyAtTimeoutDuration() throws Exception {
        RateLimiter limiter = limiter(1, SECOND, 300 * MS);
        assertTrue(limiter.tryAcquire());
        Future<Boolean> f = waiter(limiter);
        long parks = clock.parkCalls();
        clock.advanceNanos(300 * MS - 1);
        awaitParkedAgain(parks);
        assertFalse(f.isDone());
        clock.advanceNanos(1);
        assertFalse(f.get(10, TimeUnit.SECONDS));
        assertEquals(1, limiter.rejectedCalls());
    }

    @Test
    void anInterruptedWaiterReturnsFalseWithItsFlagSet() throws Exception {
        RateLimiter limiter = limiter(1, SECOND, 10 * SECOND);
        assertTrue(limiter.tryAcquire());
        AtomicReference<Thread> thread = new AtomicReference<>();
        long parksBefore = clock.parkCalls();
        Future<List<Boolean>> f = pool.submit(() -> {
            thread.set(Thread.currentThread());
            boolean acquired = limiter.tryAcquire();
            // Read and clear, so the pool thread is clean for whatever runs next.
            return List.of(acquired, Thread.interrupted());
        });
        awaitParkedAgain(parksBefore);
        thread.get().interrupt();
        assertEquals(List.of(false, true), f.get(10, TimeUnit.SECONDS));
        assertEquals(1, limiter.rejectedCalls());
    }

    @Test
    void theRingDoesNotGrowWithTheLimit() {
        assertEquals(RateLimiter.BUCKETS + 1, limiter(1, SECOND, 0).ringSlots());
        assertEquals(RateLimiter.BUCKETS + 1, limiter(1_000_000, SECOND, 0).ringSlots());
    }

    @Test
    void aSuccessfulAcquireAllocatesNothing() {
        RateLimiter limiter = limiter(1_000_000, SECOND, 0);
        long bytes = Allocation.bytesPerCall(limiter::tryAcquire);
        assertEquals(0, bytes);
        assertEquals(0, limiter.rejectedCalls(), "every measured call took a permit");
    }

    @Test
    void reconfigureWithTheSamePeriodKeepsThePermitsTaken() {
        RateLimiter limiter = limiter(5, SECOND, 0);
        assertEquals(5, take(limiter, 5));
        limiter.reconfigure(new RateLimiterRules(8, SECOND, 0));
        assertEquals(3, limiter.availablePermits());
        limiter.reconfigure(new RateLimiterRules(3, SECOND, 0));
        assertEquals(0, limiter.availablePermits());
        // Three of the five must leave before one is free under a limit of 3: all sit in bucket 0.
        assertEquals(1050 * MS, limiter.nanosUntilNextPermit());
    }

    @Test
    void reconfigureWithANewPeriodStartsAnEmptyWindow() {
        RateLimiter limiter = limiter(5, SECOND, 0);
        assertEquals(5, take(limiter, 5));
        limiter.reconfigure(new RateLimiterRules(5, 2 * SECOND, 0));
        assertEquals(5, limiter.availablePermits());
        assertEquals(new RateLimiterRules(5, 2 * SECOND, 0), limiter.rules());
    }

    @Test
    void defaultsAreFiftyPerSecondWithoutWaiting() {
        assertEquals(new RateLimiterRules(50, SECOND, 0), RateLimiterRules.defaults());
    }

    @Test
    void rulesOutOfRangeAreRefusedWithClearMessages() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new RateLimiterRules(0, SECOND, 0));
        assertEquals("limitForPeriod = 0 is not allowed; allowed: an integer from 1 to 1000000", e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new RateLimiterRules(1_000_001, SECOND, 0));
        assertEquals("limitForPeriod", e.attribute());
        e = assertThrows(InvalidRuleException.class, () -> new RateLimiterRules(1, 999_999, 0));
        assertEquals("limitRefreshPeriod = 999999ns is not allowed; allowed: a duration of at least 1ms",
                e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new RateLimiterRules(1, 0, 0));
        assertEquals("limitRefreshPeriod", e.attribute());
        e = assertThrows(InvalidRuleException.class, () -> new RateLimiterRules(1, SECOND, -5 * MS));
        assertEquals("timeoutDuration = -5ms is not allowed; allowed: a duration of 0 (reject at once) or more",
                e.getMessage());
    }
}
