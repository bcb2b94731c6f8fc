package dev.bulwark.bootstrap.policy;

/**
 * How long a call may run before it is abandoned: each attempt at most {@code durationNanos}, and,
 * when {@code deadlineNanos} is above 0, the call with all its retries at most that, measured from
 * its first attempt's start. An attempt's timer is whichever ends first.
 */
public record TimeoutRules(long durationNanos, long deadlineNanos) {

    public TimeoutRules {
        RuleValues.positiveDuration("value", durationNanos);
        RuleValues.nonNegativeDuration("deadline", deadlineNanos, "a duration of 0 (no deadline) or more");
    }

    /** A timeout per attempt and no deadline for the whole call. */
    public TimeoutRules(long durationNanos) {
        this(durationNanos, 0);
    }

    /** One second per attempt, Resilience4j's TimeLimiter default; no deadline. */
    public static TimeoutRules defaults() {
        return new TimeoutRules(1_000_000_000L);
    }
}
