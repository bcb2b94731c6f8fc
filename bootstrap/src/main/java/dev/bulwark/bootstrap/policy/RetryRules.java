package dev.bulwark.bootstrap.policy;

import java.util.List;

/**
 * When and how often a failed call runs again. Durations in nanos; 0 for maxWaitDurationNanos
 * and maxDurationNanos means no bound. Exception lists hold class names, matched with subclasses.
 */
public record RetryRules(int maxAttempts, long waitDurationNanos, double backoffMultiplier, long maxWaitDurationNanos,
        double jitterFactor, long maxDurationNanos, List<String> retryOn, List<String> abortOn) {

    public RetryRules {
        RuleValues.atLeast("maxAttempts", maxAttempts, 1);
        RuleValues.nonNegativeDuration("waitDuration", waitDurationNanos, "a duration of 0 or more");
        // Written so that NaN fails too.
        if (!(backoffMultiplier >= 1) || Double.isInfinite(backoffMultiplier)) {
            throw new InvalidRuleException("backoffMultiplier", backoffMultiplier,
                    "a finite number of at least 1 (1 = the same wait every time)");
        }
        RuleValues.nonNegativeDuration("maxWaitDuration", maxWaitDurationNanos, "a duration of 0 (no bound) or more");
        if (!(jitterFactor >= 0 && jitterFactor <= 1)) {
            throw new InvalidRuleException("jitterFactor", jitterFactor, "a number from 0 (no jitter) to 1");
        }
        RuleValues.nonNegativeDuration("maxDuration", maxDurationNanos, "a duration of 0 (no bound) or more");
        retryOn = RuleValues.classNames("retryOn", retryOn);
        abortOn = RuleValues.classNames("abortOn", abortOn);
    }

    /** The annotation's defaults: 3 attempts, 500ms apart. */
    public static RetryRules defaults() {
        return new RetryRules(3, 500_000_000L, 1.0, 0, 0, 0, List.of(), List.of());
    }
}
