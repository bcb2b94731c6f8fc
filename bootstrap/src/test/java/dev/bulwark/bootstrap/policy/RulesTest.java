package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulwark.annotations.SlidingWindowType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RulesTest {
    private static final long MS = 1_000_000L;

    private static CircuitBreakerRules breaker(SlidingWindowType type, int size, int min, float failure, float slow,
            long slowNanos, long waitNanos, int permitted) {
        return new CircuitBreakerRules(type, size, min, failure, slow, slowNanos, waitNanos, permitted, List.of(),
                List.of());
    }

    private static InvalidRuleException invalid(Executable build, String attribute) {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, build);
        assertEquals(attribute, e.attribute(), e.getMessage());
        return e;
    }

    @Test
    void circuitBreakerDefaultsAreResilience4js() {
        CircuitBreakerRules d = CircuitBreakerRules.defaults();
        assertEquals(breaker(SlidingWindowType.COUNT, 100, 100, 50, 100, 60_000 * MS, 60_000 * MS, 10), d);
    }

    @Test
    void retryAndBulkheadDefaultsAreTheAnnotations() {
        assertEquals(new RetryRules(3, 500 * MS, 1.0, 0, 0, 0, List.of(), List.of()), RetryRules.defaults());
        assertEquals(new BulkheadRules(25, 0), BulkheadRules.defaults());
    }

    @Test
    void failureRateAbove100IsRefusedWithAClearMessage() {
        InvalidRuleException e = invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 150, 100, MS, MS, 1),
                "failureRateThreshold");
        assertEquals(150f, e.value());
        assertEquals("failureRateThreshold = 150.0 is not allowed; allowed: a percentage above 0 and at most 100",
                e.getMessage());
    }

    @Test
    void failureRateOfZeroOrNaNIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 0, 100, MS, MS, 1), "failureRateThreshold");
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, Float.NaN, 100, MS, MS, 1), "failureRateThreshold");
    }

    @Test
    void slowCallRateOutOfRangeIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 50, 100.5f, MS, MS, 1), "slowCallRateThreshold");
    }

    @Test
    void windowSizeZeroOrAboveAMillionIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 0, 10, 50, 100, MS, MS, 1), "slidingWindowSize");
        invalid(() -> breaker(SlidingWindowType.TIME, 1_000_001, 10, 50, 100, MS, MS, 1), "slidingWindowSize");
    }

    @Test
    void minimumNumberOfCallsZeroIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 0, 50, 100, MS, MS, 1), "minimumNumberOfCalls");
    }

    @Test
    void negativeWaitInOpenStateIsRefusedAndShownAsADuration() {
        InvalidRuleException e = invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 50, 100, MS, -5 * MS, 1),
                "waitDurationInOpenState");
        assertEquals("-5ms", e.value());
    }

    @Test
    void zeroSlowCallDurationIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 50, 100, 0, MS, 1), "slowCallDurationThreshold");
    }

    @Test
    void zeroPermittedHalfOpenCallsIsRefused() {
        invalid(() -> breaker(SlidingWindowType.COUNT, 10, 10, 50, 100, MS, MS, 0),
                "permittedNumberOfCallsInHalfOpenState");
    }

    @Test
    void missingExceptionListIsRefused() {
        invalid(() -> new CircuitBreakerRules(SlidingWindowType.COUNT, 10, 10, 50, 100, MS, MS, 1, null, List.of()),
                "recordExceptions");
        invalid(() -> new RetryRules(3, 0, 1, 0, 0, 0, List.of(), null), "abortOn");
    }

    @Test
    void exceptionListsAreCopied() {
        List<String> names = new java.util.ArrayList<>(List.of("java.io.IOException"));
        RetryRules rules = new RetryRules(3, 0, 1, 0, 0, 0, names, List.of());
        names.clear();
        assertEquals(List.of("java.io.IOException"), rules.retryOn());
    }

    @Test
    void maxAttemptsZeroIsRefused() {
        invalid(() -> new RetryRules(0, 0, 1, 0, 0, 0, List.of(), List.of()), "maxAttempts");
    }

    @Test
    void negativeRetryWaitIsRefused() {
        invalid(() -> new RetryRules(3, -1, 1, 0, 0, 0, List.of(), List.of()), "waitDuration");
        invalid(() -> new RetryRules(3, 0, 1, -1, 0, 0, List.of(), List.of()), "maxWaitDuration");
        invalid(() -> new RetryRules(3, 0, 1, 0, 0, -1, List.of(), List.of()), "maxDuration");
    }

    @Test
    void backoffMultiplierBelowOneOrInfiniteIsRefused() {
        invalid(() -> new RetryRules(3, 0, 0.5, 0, 0, 0, List.of(), List.of()), "backoffMultiplier");
        invalid(() -> new RetryRules(3, 0, Double.POSITIVE_INFINITY, 0, 0, 0, List.of(), List.of()),
                "backoffMultiplier");
        invalid(() -> new RetryRules(3, 0, Double.NaN, 0, 0, 0, List.of(), List.of()), "backoffMultiplier");
    }

    @Test
    void jitterAboveOneIsRefused() {
        InvalidRuleException e = invalid(() -> new RetryRules(3, 0, 1, 0, 1.5, 0, List.of(), List.of()),
                "jitterFactor");
        assertEquals(1.5, e.value());
    }

    @Test
    void bulkheadWithoutCallsOrWithNegativeWaitIsRefused() {
        invalid(() -> new BulkheadRules(0, 0), "maxConcurrentCalls");
        invalid(() -> new BulkheadRules(1, -1), "maxWaitDuration");
    }
}
