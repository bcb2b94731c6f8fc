package dev.bulwark.bootstrap.policy;

import dev.bulwark.annotations.SlidingWindowType;
import java.util.List;

/**
 * What a circuit breaker does, fixed once built. Exception lists hold class names, matched with
 * their subclasses; an ignored exception counts neither as failure nor as success.
 */
public record CircuitBreakerRules(SlidingWindowType slidingWindowType, int slidingWindowSize,
        int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold,
        long slowCallDurationThresholdNanos, long waitDurationInOpenStateNanos,
        int permittedNumberOfCallsInHalfOpenState, List<String> recordExceptions, List<String> ignoreExceptions) {

    /** Bounds the memory of one window (slots for COUNT, one-second buckets for TIME) and the half-open trial count. */
    public static final int MAX_SLIDING_WINDOW_SIZE = 1_000_000;

    private static final long SIXTY_SECONDS = 60_000_000_000L;

    public CircuitBreakerRules {
        if (slidingWindowType == null) {
            throw new InvalidRuleException("slidingWindowType", null, "COUNT or TIME");
        }
        if (slidingWindowSize < 1 || slidingWindowSize > MAX_SLIDING_WINDOW_SIZE) {
            throw new InvalidRuleException("slidingWindowSize", slidingWindowSize,
                    "an integer from 1 to " + MAX_SLIDING_WINDOW_SIZE);
        }
        RuleValues.atLeast("minimumNumberOfCalls", minimumNumberOfCalls, 1);
        RuleValues.percentage("failureRateThreshold", failureRateThreshold);
        RuleValues.percentage("slowCallRateThreshold", slowCallRateThreshold);
        RuleValues.positiveDuration("slowCallDurationThreshold", slowCallDurationThresholdNanos);
        RuleValues.positiveDuration("waitDurationInOpenState", waitDurationInOpenStateNanos);
        // Bounded like the window: half-open outcomes are counted in one packed 21-bit field.
        if (permittedNumberOfCallsInHalfOpenState < 1 || permittedNumberOfCallsInHalfOpenState > MAX_SLIDING_WINDOW_SIZE) {
            throw new InvalidRuleException("permittedNumberOfCallsInHalfOpenState", permittedNumberOfCallsInHalfOpenState,
                    "an integer from 1 to " + MAX_SLIDING_WINDOW_SIZE);
        }
        recordExceptions = RuleValues.classNames("recordExceptions", recordExceptions);
        ignoreExceptions = RuleValues.classNames("ignoreExceptions", ignoreExceptions);
    }

    /** Resilience4j's documented defaults. */
    public static CircuitBreakerRules defaults() {
        return new CircuitBreakerRules(SlidingWindowType.COUNT, 100, 100, 50, 100, SIXTY_SECONDS, SIXTY_SECONDS, 10,
                List.of(), List.of());
    }

    /**
     * Calls the window must hold before its rates count. A COUNT window can never hold more than its
     * size, so a larger minimum would keep the breaker closed forever.
     */
    public int effectiveMinimumNumberOfCalls() {
        return slidingWindowType == SlidingWindowType.COUNT
                ? Math.min(minimumNumberOfCalls, slidingWindowSize) : minimumNumberOfCalls;
    }
}
