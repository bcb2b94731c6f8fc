package dev.bulwark.annotations;

import java.time.Duration;

/** Thrown to the caller of a call that ran longer than its {@link Timeout}; the call's own outcome is discarded. */
public final class TimeoutExceededException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public TimeoutExceededException(String policyName, String target, Duration timeout) {
        super(policyName, "Bulwark timeout '" + policyName + "': call to " + target + " ran longer than "
                + Durations.format(timeout) + " and was abandoned");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
