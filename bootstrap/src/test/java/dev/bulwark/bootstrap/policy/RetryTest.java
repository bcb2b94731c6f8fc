package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.bootstrap.time.ManualClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final long MS = 1_000_000L;
    private static final IOException IO = new IOException("down");

    private final ManualClock clock = new ManualClock();

    private Retry retry(RetryRules rules) {
        return new Retry("orders", rules, clock, () -> 0.5);
    }

    private Retry retry(RetryRules rules, DoubleSupplier random) {
        return new Retry("orders", rules, clock, random);
    }

    private static RetryRules rules(int maxAttempts, long waitMs, double multiplier, long maxWaitMs, double jitter,
            long maxDurationMs) {
        return new RetryRules(maxAttempts, waitMs * MS, multiplier, maxWaitMs * MS, jitter, maxDurationMs * MS,
                List.of(), List.of());
    }

    private static RetryRules classified(List<String> retryOn, List<String> abortOn) {
        return new RetryRules(5, 10 * MS, 1, 0, 0, 0, retryOn, abortOn);
    }

    @Test
    void backoffDoublesWithMultiplierTwo() {
        Retry r = retry(rules(6, 500, 2, 0, 0, 0));
        assertEquals(500 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(1000 * MS, r.nextWaitNanos(IO, 2, 0));
        assertEquals(2000 * MS, r.nextWaitNanos(IO, 3, 0));
        assertEquals(4000 * MS, r.nextWaitNanos(IO, 4, 0));
        assertEquals(8000 * MS, r.nextWaitNanos(IO, 5, 0));
    }

    @Test
    void fixedWaitByDefault() {
        Retry r = new Retry("orders", RetryRules.defaults(), clock);
        assertEquals(500 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(500 * MS, r.nextWaitNanos(IO, 2, 0));
    }

    @Test
    void backoffIsCappedAtMaxWait() {
        Retry r = retry(rules(6, 500, 2, 1500, 0, 0));
        assertEquals(500 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(1000 * MS, r.nextWaitNanos(IO, 2, 0));
        assertEquals(1500 * MS, r.nextWaitNanos(IO, 3, 0));
        assertEquals(1500 * MS, r.nextWaitNanos(IO, 4, 0));
    }

    @Test
    void hugeBackoffNeitherOverflowsNorGoesNegative() {
        Retry r = retry(rules(Integer.MAX_VALUE, 1000, 10, 0, 0, 0));
        long wait = r.nextWaitNanos(IO, 500, 0);
        assertEquals(Long.MAX_VALUE / 4, wait);
        assertEquals(0, retry(rules(Integer.MAX_VALUE, 0, 10, 0, 0, 0)).nextWaitNanos(IO, 5000, 0));
    }

    @Test
    void jitterAtTheLowestRandomGivesTheLowerBound() {
        Retry r = retry(rules(3, 1000, 1, 0, 0.5, 0), () -> 0.0);
        assertEquals(500 * MS, r.nextWaitNanos(IO, 1, 0));
    }

    @Test
    void jitterAtTheHighestRandomStaysWithinTheUpperBound() {
        Retry r = retry(rules(3, 1000, 1, 0, 0.5, 0), () -> Math.nextDown(1.0));
        long wait = r.nextWaitNanos(IO, 1, 0);
        assertTrue(wait <= 1500 * MS && wait > 1499 * MS, "wait " + wait);
    }

    @Test
    void jitterNeverExceedsMaxWait() {
        Retry r = retry(rules(5, 1000, 2, 1200, 0.5, 0), () -> Math.nextDown(1.0));
        assertEquals(1200 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(1200 * MS, r.nextWaitNanos(IO, 3, 0));
    }

    @Test
    void jitterIsSpreadAroundTheCappedWait() {
        // The cap applies before the jitter too: 2000ms capped to 1200ms, then spread to [600ms, 1800ms], capped.
        Retry r = retry(rules(5, 1000, 2, 1200, 0.5, 0), () -> 0.0);
        assertEquals(600 * MS, r.nextWaitNanos(IO, 2, 0));
    }

    @Test
    void jitterStaysWithinItsBoundsForAnyRandom() {
        for (double random = 0; random < 1; random += 0.01) {
            double x = random;
            long wait = retry(rules(3, 1000, 1, 0, 0.2, 0), () -> x).nextWaitNanos(IO, 1, 0);
            assertTrue(wait >= 800 * MS && wait <= 1200 * MS, "wait " + wait + " for random " + x);
        }
    }

    @Test
    void stopsAtMaxAttempts() {
        Retry r = retry(rules(3, 10, 1, 0, 0, 0));
        assertEquals(10 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(10 * MS, r.nextWaitNanos(IO, 2, 0));
        assertEquals(-1, r.nextWaitNanos(IO, 3, 0));
        assertEquals(2, r.retryAttempts());
        assertEquals(1, r.failedCallsWithRetry());
    }

    @Test
    void singleAttemptNeverRetries() {
        Retry r = retry(rules(1, 10, 1, 0, 0, 0));
        assertEquals(-1, r.nextWaitNanos(IO, 1, 0));
        assertEquals(1, r.failedCallsWithoutRetry());
    }

    @Test
    void maxDurationStopsRetryingWhenTheNextWaitWouldEndPastIt() {
        Retry r = retry(rules(10, 100, 1, 0, 0, 1000));
        clock.advance(Duration.ofMillis(900));
        assertEquals(100 * MS, r.nextWaitNanos(IO, 1, 0), "ends exactly at the bound: allowed");
        clock.advanceNanos(1);
        assertEquals(-1, r.nextWaitNanos(IO, 2, 0), "would end 1ns past the bound");
        assertEquals(1, r.failedCallsWithRetry());
    }

    @Test
    void maxDurationCountsFromTheFirstAttemptsStart() {
        Retry r = retry(rules(10, 100, 1, 0, 0, 1000));
        clock.advance(Duration.ofSeconds(10));
        long firstStart = clock.nanoTime() - 500 * MS;
        assertEquals(100 * MS, r.nextWaitNanos(IO, 1, firstStart));
    }

    @Test
    void errorsAreNotRetriedByDefault() {
        Retry r = retry(RetryRules.defaults());
        assertEquals(-1, r.nextWaitNanos(new AssertionError(), 1, 0));
        assertEquals(-1, r.nextWaitNanos(new OutOfMemoryError(), 1, 0));
        assertEquals(2, r.failedCallsWithoutRetry());
    }

    @Test
    void anyExceptionIsRetriedByDefault() {
        Retry r = retry(RetryRules.defaults());
        assertEquals(500 * MS, r.nextWaitNanos(new IllegalStateException(), 1, 0));
        assertEquals(500 * MS, r.nextWaitNanos(IO, 1, 0));
    }

    @Test
    void retryOnLimitsRetriesToTheListedExceptionsAndTheirSubclasses() {
        Retry r = retry(classified(List.of("java.io.IOException"), List.of()));
        assertEquals(10 * MS, r.nextWaitNanos(new FileNotFoundException(), 1, 0));
        assertEquals(-1, r.nextWaitNanos(new IllegalStateException(), 1, 0));
    }

    @Test
    void retryOnCanListAnError() {
        Retry r = retry(classified(List.of("java.lang.StackOverflowError"), List.of()));
        assertEquals(10 * MS, r.nextWaitNanos(new StackOverflowError(), 1, 0));
    }

    @Test
    void abortOnWinsOverRetryOn() {
        Retry r = retry(classified(List.of("java.io.IOException"), List.of("java.io.FileNotFoundException")));
        assertEquals(-1, r.nextWaitNanos(new FileNotFoundException(), 1, 0));
        assertEquals(10 * MS, r.nextWaitNanos(IO, 1, 0));
    }

    @Test
    void abortOnAppliesWithAnEmptyRetryOn() {
        Retry r = retry(classified(List.of(), List.of("java.lang.IllegalArgumentException")));
        assertEquals(-1, r.nextWaitNanos(new NumberFormatException(), 1, 0));
    }

    @Test
    void bulwarkExceptionsAreNotRetriedByDefault() {
        Retry r = retry(RetryRules.defaults());
        assertEquals(-1, r.nextWaitNanos(new BulkheadFullException("b", "t", 1, Duration.ZERO), 1, 0));
        assertEquals(-1, r.nextWaitNanos(new CircuitBreakerOpenException("cb", "t", CircuitBreakerState.OPEN, Duration.ofSeconds(1)), 1, 0));
    }

    @Test
    void bulwarkExceptionsAreNotRetriedForABroadRetryOn() {
        Retry r = retry(classified(List.of("java.lang.RuntimeException"), List.of()));
        assertEquals(-1, r.nextWaitNanos(new BulkheadFullException("b", "t", 1, Duration.ZERO), 1, 0));
        assertEquals(10 * MS, r.nextWaitNanos(new IllegalStateException(), 1, 0));
    }

    @Test
    void bulwarkExceptionListedInRetryOnIsRetried() {
        Retry r = retry(classified(List.of("dev.bulwark.annotations.BulkheadFullException"), List.of()));
        assertEquals(10 * MS, r.nextWaitNanos(new BulkheadFullException("b", "t", 1, Duration.ZERO), 1, 0));
    }

    @Test
    void countsSuccessesWithAndWithoutRetry() {
        Retry r = retry(RetryRules.defaults());
        r.onSuccess(1);
        r.onSuccess(1);
        r.onSuccess(3);
        assertEquals(2, r.successfulCallsWithoutRetry());
        assertEquals(1, r.successfulCallsWithRetry());
    }

    @Test
    void countsFailuresWithAndWithoutRetry() {
        Retry r = retry(rules(2, 10, 1, 0, 0, 0));
        assertEquals(-1, r.nextWaitNanos(new Error(), 1, 0));
        assertEquals(10 * MS, r.nextWaitNanos(IO, 1, 0));
        assertEquals(-1, r.nextWaitNanos(IO, 2, 0));
        assertEquals(1, r.failedCallsWithoutRetry());
        assertEquals(1, r.failedCallsWithRetry());
        assertEquals(1, r.retryAttempts());
    }

    @Test
    void retryItselfNeverSleeps() {
        retry(RetryRules.defaults()).nextWaitNanos(IO, 1, 0);
        assertEquals(List.of(), clock.sleeps());
        assertEquals(0, clock.nanoTime());
    }

    @Test
    void successAllocatesNothing() {
        Retry r = retry(RetryRules.defaults());
        assertEquals(0, Allocation.bytesPerCall(() -> r.onSuccess(1)));
    }
}
