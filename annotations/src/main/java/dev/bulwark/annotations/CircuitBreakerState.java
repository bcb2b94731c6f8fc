package dev.bulwark.annotations;

/** The states of a circuit breaker. */
public enum CircuitBreakerState {
    /** Calls run; outcomes are recorded in the sliding window. */
    CLOSED,
    /** Calls are rejected until the wait in open state is over. */
    OPEN,
    /** A fixed number of trial calls run; their outcome closes or re-opens the breaker. */
    HALF_OPEN
}
