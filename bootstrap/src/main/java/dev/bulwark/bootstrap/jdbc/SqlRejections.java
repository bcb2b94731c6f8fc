package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.annotations.TimeoutExceededException;

/**
 * What a JDBC caller receives when a Bulwark policy refuses its call: a
 * {@code java.sql.SQLTransientConnectionException} (a subclass of {@code SQLTransientException}, so the
 * JDBC contract holds and code that retries transient failures may try again later) whose SQLState
 * says which policy refused, and whose cause is the policy's own exception.
 */
public final class SqlRejections {
    /** SQLState: the database's circuit breaker is open. */
    public static final String CIRCUIT_OPEN = "BW001";
    /** SQLState: the database's bulkhead is full. */
    public static final String BULKHEAD_FULL = "BW002";
    /** SQLState: the database's rate limiter has no permit. */
    public static final String RATE_LIMITED = "BW003";
    /** SQLState: the call ran longer than its timeout. */
    public static final String TIMED_OUT = "BW004";
    /** SQLState: the database's rule makes no sense. */
    public static final String INVALID_RULE = "BW005";
    /** SQLState: Bulwark's transparent pool had no connection free within its acquire timeout. */
    public static final String POOL_TIMEOUT = "BW006";
    // A BulwarkException kind not listed above: still in class BW.
    static final String OTHER = "BW000";

    private SqlRejections() {
    }

    /**
     * @param databaseKey the database, as {@link DatabaseKey#of(String)} gives it
     * @param what        "a statement" or "a connection"
     * @param cause       what Bulwark's policy threw
     */
    public static Throwable of(String databaseKey, String what, BulwarkException cause) {
        return JavaSql.transientConnectionException("Bulwark rejected " + what + " on "
                + (databaseKey == null ? DatabaseKey.UNKNOWN : databaseKey) + ": "
                + (cause == null ? "no reason given" : cause.getMessage()), stateOf(cause), cause);
    }

    static String stateOf(BulwarkException cause) {
        if (cause instanceof CircuitBreakerOpenException) {
            return CIRCUIT_OPEN;
        }
        if (cause instanceof BulkheadFullException) {
            return BULKHEAD_FULL;
        }
        if (cause instanceof RateLimitExceededException) {
            return RATE_LIMITED;
        }
        if (cause instanceof TimeoutExceededException) {
            return TIMED_OUT;
        }
        if (cause instanceof InvalidPolicyException) {
            return INVALID_RULE;
        }
        return OTHER;
    }
}
