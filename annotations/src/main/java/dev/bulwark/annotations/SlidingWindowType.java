package dev.bulwark.annotations;

/** How a circuit breaker's sliding window is measured. */
public enum SlidingWindowType {
    /** The last N calls. */
    COUNT,
    /** The calls of the last N seconds. */
    TIME
}
