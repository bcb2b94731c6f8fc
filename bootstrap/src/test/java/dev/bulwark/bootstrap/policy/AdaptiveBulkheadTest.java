package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.ManualClock;
import org.junit.jupiter.api.Test;

/** A bulkhead whose limit follows the latency of its calls. */
class AdaptiveBulkheadTest {
    private static final long MS = 1_000_000L;

    private final Bulkhead bulkhead = new Bulkhead("adaptive", new BulkheadRules(20, 0, true, 2), new ManualClock(),
            new EventBus());

    /** Runs {@code n} calls at once, each reporting {@code rtt}. */
    private void wave(int n, long rtt, boolean dropped) {
        int admitted = 0;
        for (int i = 0; i < n; i++) {
            if (bulkhead.tryAcquire()) {
                admitted++;
            }
        }
        for (int i = 0; i < admitted; i++) {
            bulkhead.release(rtt, dropped);
        }
    }

    @Test
    void startsAtItsMaximum() {
        assertEquals(20, bulkhead.limit());
    }

    @Test
    void aLatencyStepLowersTheLimitAndItNeverAdmitsMoreThanItsLimit() {
        for (int i = 0; i < 50; i++) {
            wave(20, 10 * MS, false); // the no-load latency
        }
        int before = bulkhead.limit();
        for (int i = 0; i < 50; i++) {
            wave(20, 40 * MS, false); // four times slower: calls are queueing somewhere
        }
        int after = bulkhead.limit();
        assertTrue(after < before, "limit fell from " + before + " to " + after);
        assertTrue(after >= 2, "never below minConcurrentCalls");
        int admitted = 0;
        while (bulkhead.tryAcquire()) {
            admitted++;
        }
        assertEquals(after, admitted, "admits exactly its current limit");
        assertFalse(bulkhead.tryAcquire());
    }

    @Test
    void timedOutCallsLowerTheLimit() {
        int before = bulkhead.limit();
        wave(5, 10 * MS, true);
        assertTrue(bulkhead.limit() < before);
    }

    @Test
    void reconfiguringToAFixedLimitDropsTheAdaptation() {
        bulkhead.reconfigure(new BulkheadRules(7, 0));
        assertNull(bulkhead.adaptiveLimit());
        assertEquals(7, bulkhead.limit());
        wave(7, 500 * MS, true);
        assertEquals(7, bulkhead.limit());
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused() {
        InvalidRuleException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRuleException.class,
                () -> new BulkheadRules(3, 0, true, 4));
        assertEquals("minConcurrentCalls", e.attribute());
    }
}
