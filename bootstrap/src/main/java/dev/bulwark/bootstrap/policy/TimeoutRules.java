package dev.bulwark.bootstrap.policy;

/** How long a call may run before it is abandoned. */
public record TimeoutRules(long durationNanos) {

    public TimeoutRules {
        RuleValues.positiveDuration("value", durationNanos);
    }

    /** One second: Resilience4j's TimeLimiter default. */
    public static TimeoutRules defaults() {
        return new TimeoutRules(1_000_000_000L);
    }
}
