package dev.bulwark.annotations;

/** The kinds of policy Bulwark applies. */
public enum PolicyKind {
    CIRCUIT_BREAKER,
    RETRY,
    BULKHEAD,
    RATE_LIMITER,
    TIMEOUT,
    FALLBACK,
    /** The retry budget of a retry policy: a retry refused because too many were in flight. */
    RETRY_BUDGET
}
