package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.bootstrap.time.ManualClock;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wait the failed call asked for (HTTP Retry-After), honoured within the retry's max wait. */
class RetryNotBeforeTest {
    private static final long MS = 1_000_000L;
    private static final IOException BUSY = new IOException("HTTP 429");

    private final ManualClock clock = new ManualClock();

    private Retry retry(long maxWaitMs, long maxDurationMs) {
        return new Retry("api", new RetryRules(3, 100 * MS, 1, maxWaitMs * MS, 0, maxDurationMs * MS, List.of(),
                List.of()), clock, () -> 0.5);
    }

    @Test
    void aLongerAskedWaitReplacesTheBackoff() {
        assertEquals(1_000 * MS, retry(2_000, 0).nextWaitNanos(BUSY, 1, clock.nanoTime(), 1_000 * MS));
    }

    @Test
    void aShorterAskedWaitKeepsTheBackoff() {
        assertEquals(100 * MS, retry(2_000, 0).nextWaitNanos(BUSY, 1, clock.nanoTime(), 10 * MS));
    }

    @Test
    void anAskedWaitBeyondTheMaxWaitEndsTheRetries() {
        Retry retry = retry(2_000, 0);
        assertEquals(-1, retry.nextWaitNanos(BUSY, 1, clock.nanoTime(), 30_000 * MS));
        assertEquals(1, retry.failedCallsWithoutRetry());
        assertEquals(0, retry.retryAttempts());
    }

    @Test
    void withoutAMaxWaitTheMaxDurationStillBounds() {
        assertEquals(5_000 * MS, retry(0, 0).nextWaitNanos(BUSY, 1, clock.nanoTime(), 5_000 * MS));
        assertEquals(-1, retry(0, 1_000).nextWaitNanos(BUSY, 1, clock.nanoTime(), 5_000 * MS));
    }

    @Test
    void noAskedWaitIsTheUsualDecision() {
        assertEquals(100 * MS, retry(2_000, 0).nextWaitNanos(BUSY, 1, clock.nanoTime(), 0));
        assertEquals(-1, retry(2_000, 0).nextWaitNanos(BUSY, 3, clock.nanoTime(), 0));
    }
}
