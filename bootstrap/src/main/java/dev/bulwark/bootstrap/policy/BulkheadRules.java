package dev.bulwark.bootstrap.policy;

/**
 * How many calls may run at once, and how long a call over the limit may wait for a permit (0: none).
 * An adaptive bulkhead moves its limit between {@code minConcurrentCalls} and {@code maxConcurrentCalls}
 * from the latency it observes, starting at the maximum.
 */
public record BulkheadRules(int maxConcurrentCalls, long maxWaitDurationNanos, boolean adaptive,
        int minConcurrentCalls) {

    public BulkheadRules {
        RuleValues.atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
        RuleValues.nonNegativeDuration("maxWaitDuration", maxWaitDurationNanos, "a duration of 0 (reject at once) or more");
        if (maxConcurrentCalls > AdaptiveLimitRules.MAX_LIMIT && adaptive) {
            throw new InvalidRuleException("maxConcurrentCalls", maxConcurrentCalls,
                    "an integer from 1 to " + AdaptiveLimitRules.MAX_LIMIT + " for an adaptive bulkhead");
        }
        if (minConcurrentCalls < 1 || minConcurrentCalls > maxConcurrentCalls) {
            throw new InvalidRuleException("minConcurrentCalls", minConcurrentCalls,
                    "an integer from 1 to maxConcurrentCalls (" + maxConcurrentCalls + ")");
        }
    }

    /** A fixed limit. */
    public BulkheadRules(int maxConcurrentCalls, long maxWaitDurationNanos) {
        this(maxConcurrentCalls, maxWaitDurationNanos, false, 1);
    }

    /** The annotation's defaults: 25 calls, no waiting, a fixed limit. */
    public static BulkheadRules defaults() {
        return new BulkheadRules(25, 0);
    }

    /** The adaptive limit's rules, Vegas thresholds at their defaults. */
    AdaptiveLimitRules adaptiveRules() {
        AdaptiveLimitRules d = AdaptiveLimitRules.defaults();
        return new AdaptiveLimitRules(maxConcurrentCalls, minConcurrentCalls, maxConcurrentCalls, d.alpha(), d.beta());
    }
}
