package dev.bulwark.bootstrap.policy;

/**
 * How many permits any interval of one limitRefreshPeriod may hold, and how long a call over the
 * limit may wait for a permit (0: reject at once). Durations in nanos.
 */
public record RateLimiterRules(int limitForPeriod, long limitRefreshPeriodNanos, long timeoutDurationNanos) {
    /** A permit's bucket packs its count in 21 bits; a million stays well inside them. */
    static final int MAX_LIMIT_FOR_PERIOD = 1_000_000;
    /** Below this a twentieth of a period is too fine to mean anything to a scheduler. */
    static final long MIN_LIMIT_REFRESH_PERIOD_NANOS = 1_000_000L;

    public RateLimiterRules {
        if (limitForPeriod < 1 || limitForPeriod > MAX_LIMIT_FOR_PERIOD) {
            throw new InvalidRuleException("limitForPeriod", limitForPeriod,
                    "an integer from 1 to " + MAX_LIMIT_FOR_PERIOD);
        }
        if (limitRefreshPeriodNanos < MIN_LIMIT_REFRESH_PERIOD_NANOS) {
            throw new InvalidRuleException("limitRefreshPeriod", RuleValues.duration(limitRefreshPeriodNanos),
                    "a duration of at least 1ms");
        }
        RuleValues.nonNegativeDuration("timeoutDuration", timeoutDurationNanos,
                "a duration of 0 (reject at once) or more");
    }

    /**
     * 50 per second, no waiting. The limit is Resilience4j's; its 500ns period is too short to mean
     * anything for a sliding window, and its 5s wait would park one thread per excess call.
     */
    public static RateLimiterRules defaults() {
        return new RateLimiterRules(50, 1_000_000_000L, 0);
    }
}
