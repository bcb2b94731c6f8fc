package dev.bulwark.annotations;

import java.time.Duration;

/** Thrown instead of running a call when its rate limiter has no permit within the allowed wait. */
public final class RateLimitExceededException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitExceededException(String policyName, String target, int limitForPeriod, Duration period,
            Duration retryAfter) {
        super(policyName, "Bulwark rate limiter '" + policyName + "' has no permit: call to " + target + " rejected; "
                + limitForPeriod + " call" + (limitForPeriod == 1 ? "" : "s") + " allowed per " + Durations.format(period)
                + ", next permit in " + Durations.format(retryAfter));
        this.retryAfter = retryAfter;
    }

    /** How long until a permit frees up. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
