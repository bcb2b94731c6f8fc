package dev.bulwark.annotations;

import java.time.Duration;

/** Thrown instead of running a call while its circuit breaker is OPEN, or HALF_OPEN with no trial permit left. */
public final class CircuitBreakerOpenException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    private final CircuitBreakerState state;
    private final Duration retryAfter;

    public CircuitBreakerOpenException(String policyName, String target, CircuitBreakerState state, Duration retryAfter) {
        super(policyName, "Bulwark circuit breaker '" + policyName + "' is " + state + ": call to " + target
                + " rejected" + (state == CircuitBreakerState.OPEN
                        ? "; trial calls are let through in " + Durations.format(retryAfter)
                        : "; every trial permit is taken"));
        this.state = state;
        this.retryAfter = retryAfter;
    }

    /** OPEN, or HALF_OPEN when all trial permits were taken. */
    public CircuitBreakerState state() {
        return state;
    }

    /** How long until the breaker lets trial calls through (zero in HALF_OPEN). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
