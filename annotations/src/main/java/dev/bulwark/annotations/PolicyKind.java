package dev.bulwark.annotations;

/** The kinds of policy Bulwark applies. */
public enum PolicyKind {
    CIRCUIT_BREAKER,
    RETRY,
    BULKHEAD
}
