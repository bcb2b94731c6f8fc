package dev.bulwark.bootstrap.policy;

/** How many calls may run at once, and how long a call over the limit may wait for a permit (0: none). */
public record BulkheadRules(int maxConcurrentCalls, long maxWaitDurationNanos) {

    public BulkheadRules {
        RuleValues.atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
        RuleValues.nonNegativeDuration("maxWaitDuration", maxWaitDurationNanos, "a duration of 0 (reject at once) or more");
    }

    /** The annotation's defaults: 25 calls, no waiting. */
    public static BulkheadRules defaults() {
        return new BulkheadRules(25, 0);
    }
}
