package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {
    private static final long MS = 1_000_000L;
    private static final long FAST = 10 * MS;
    private static final long SLOW = 4 * FAST;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private static AdaptiveLimit limit() {
        return new AdaptiveLimit("catalog", AdaptiveLimitRules.defaults());
    }

    /** Feeds samples of one RTT with the limit fully used; returns the limit after the last. */
    private static int feed(AdaptiveLimit limit, long rtt, int samples) {
        int l = limit.limit();
        for (int i = 0; i < samples; i++) {
            l = limit.onSample(rtt, limit.limit(), false);
        }
        return l;
    }

    @Test
    void steadyLowLatencyAtFullUseClimbsToTheMaximum() {
        AdaptiveLimit limit = limit();
        assertEquals(21, limit.onSample(FAST, 20, false));
        assertEquals(200, feed(limit, FAST, 500));
        assertEquals(180, limit.increases());
        assertEquals(0, limit.decreases());
        assertEquals(FAST, limit.noLoadRttNanos());
    }

    @Test
    void aLatencyStepMakesTheLimitFallAndSettleWellBelow() {
        AdaptiveLimit limit = limit();
        feed(limit, FAST, 500);
        // At 4x the no-load RTT, 3/4 of the limit is queue: it shrinks until that is at most beta (6).
        assertEquals(8, feed(limit, SLOW, 300));
        assertEquals(8, feed(limit, SLOW, 100), "settled");
        assertEquals(192, limit.decreases());
        assertEquals(FAST, limit.noLoadRttNanos(), "a slower call does not raise the no-load RTT");
    }

    @Test
    void latencyBackToNormalClimbsAgain() {
        AdaptiveLimit limit = limit();
        feed(limit, FAST, 500);
        feed(limit, SLOW, 300);
        assertEquals(100, feed(limit, FAST, 92));
        assertEquals(200, feed(limit, FAST, 500));
    }

    @Test
    void aQueueBetweenAlphaAndBetaKeepsTheLimit() {
        AdaptiveLimit limit = limit();
        limit.onSample(FAST, 20, false);
        // 21 * (1 - 10/12.5) = 4.2, between 3 and 6.
        assertEquals(21, limit.onSample(12_500_000, 21, false));
    }

    @Test
    void droppedSamplesDecrease() {
        AdaptiveLimit limit = limit();
        feed(limit, FAST, 500);
        // log10(200) = 2.3: two per drop from the hundreds, one below 100.
        assertEquals(198, limit.onSample(FAST, 200, true));
        AdaptiveLimit small = limit();
        assertEquals(19, small.onSample(FAST, 20, true));
        assertEquals(2, limit.decreases() + small.decreases());
    }

    @Test
    void aDroppedSampleDoesNotSetTheNoLoadRtt() {
        AdaptiveLimit limit = limit();
        limit.onSample(FAST, 20, false);
        // A rejection returns at once: its RTT says nothing about the dependency.
        limit.onSample(1_000, 20, true);
        assertEquals(FAST, limit.noLoadRttNanos());
    }

    @Test
    void droppedSamplesStopAtTheMinimum() {
        AdaptiveLimit limit = new AdaptiveLimit("catalog", new AdaptiveLimitRules(5, 3, 10, 3, 6));
        for (int i = 0; i < 10; i++) {
            limit.onSample(FAST, 5, true);
        }
        assertEquals(3, limit.limit());
        assertEquals(2, limit.decreases());
    }

    @Test
    void noIncreaseWhileTheLimitIsNotBeingUsed() {
        AdaptiveLimit limit = limit();
        assertEquals(20, limit.onSample(FAST, 9, false));
        assertEquals(20, limit.onSample(FAST, 1, false));
        assertEquals(0, limit.increases());
        assertEquals(21, limit.onSample(FAST, 10, false), "half the limit counts as used");
    }

    @Test
    void theLimitNeverLeavesItsBounds() {
        AdaptiveLimit limit = new AdaptiveLimit("catalog", new AdaptiveLimitRules(10, 4, 30, 3, 6));
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long rtt = 1 + (long) (random.nextDouble() * 100 * MS);
            int l = limit.onSample(rtt, random.nextInt(40), random.nextInt(10) == 0);
            assertTrue(l >= 4 && l <= 30, "limit " + l + " after sample " + i);
            assertEquals(l, limit.limit());
        }
        assertTrue(limit.increases() > 0 && limit.decreases() > 0);
    }

    @Test
    void resetNoLoadRttLetsTheNextSampleSetIt() {
        AdaptiveLimit limit = limit();
        assertEquals(0, limit.noLoadRttNanos());
        limit.onSample(FAST, 20, false);
        limit.onSample(SLOW, 20, false);
        assertEquals(FAST, limit.noLoadRttNanos());
        limit.resetNoLoadRtt();
        assertEquals(0, limit.noLoadRttNanos());
        int before = limit.limit();
        // The new baseline is the slow RTT: no queue, so the limit grows again.
        assertEquals(before + 1, limit.onSample(SLOW, before, false));
        assertEquals(SLOW, limit.noLoadRttNanos());
    }

    @Test
    void aNonPositiveRttIsIgnored() {
        AdaptiveLimit limit = limit();
        assertEquals(20, limit.onSample(0, 20, false));
        assertEquals(20, limit.onSample(-5, 20, false));
        assertEquals(0, limit.noLoadRttNanos());
        assertEquals(0, limit.increases() + limit.decreases());
    }

    @Test
    void reconfigureMovesTheLimitIntoTheNewBounds() {
        AdaptiveLimit limit = limit();
        feed(limit, FAST, 500);
        limit.reconfigure(new AdaptiveLimitRules(20, 1, 50, 3, 6));
        assertEquals(50, limit.limit());
        assertEquals(FAST, limit.noLoadRttNanos());
        assertEquals(50, limit.onSample(FAST, 50, false));
    }

    @Test
    void everySampleCountsUnderManyThreads() throws Exception {
        // Below 100 every change is a step of one, so the counters add up to the limit.
        AdaptiveLimitRules rules = new AdaptiveLimitRules(50, 1, 99, 3, 6);
        AdaptiveLimit limit = new AdaptiveLimit("catalog", rules);
        limit.onSample(FAST, 50, false);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = t;
            running.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    // Fast or slow, always at full use: the limit wanders inside its bounds.
                    limit.onSample(random.nextBoolean() ? FAST : FAST + FAST / 10, 100, random.nextInt(50) == 0);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        // A CAS that loses decides again on the winner's state, so every change is counted once.
        assertEquals(50 + limit.increases() - limit.decreases(), limit.limit());
        assertTrue(limit.increases() > 0 && limit.decreases() > 0);
    }

    @Test
    void aSampleAllocatesNothing() {
        AdaptiveLimit limit = limit();
        assertEquals(0, Allocation.bytesPerCall(() -> limit.onSample(FAST, 20, false)));
    }

    @Test
    void defaultsAreVegasThresholdsAroundTwenty() {
        assertEquals(new AdaptiveLimitRules(20, 1, 200, 3, 6), AdaptiveLimitRules.defaults());
    }

    @Test
    void rulesOutOfRangeAreRefusedWithClearMessages() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(20, 0, 200, 3, 6));
        assertEquals("minLimit = 0 is not allowed; allowed: an integer from 1 to 100000", e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(20, 10, 5, 3, 6));
        assertEquals("maxLimit = 5 is not allowed; allowed: an integer from minLimit (10) to 100000", e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(20, 1, 100_001, 3, 6));
        assertEquals("maxLimit", e.attribute());
        e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(300, 1, 200, 3, 6));
        assertEquals("initialLimit = 300 is not allowed; allowed: an integer from minLimit (1) to maxLimit (200)",
                e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(20, 1, 200, 0, 6));
        assertEquals("alpha = 0 is not allowed; allowed: an integer of at least 1", e.getMessage());
        e = assertThrows(InvalidRuleException.class, () -> new AdaptiveLimitRules(20, 1, 200, 3, 3));
        assertEquals("beta = 3 is not allowed; allowed: an integer above alpha (3)", e.getMessage());
    }
}
