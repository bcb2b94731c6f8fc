package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.annotations.TimeoutExceededException;
import java.sql.SQLTransientException;

/**
 * Thrown instead of running a statement or opening a connection when a Bulwark policy refuses it.
 * JDBC methods may only throw {@code SQLException}, so the policy's {@link BulwarkException} becomes
 * the cause of this one, and its kind becomes a documented SQLState (class {@code BW}).
 */
public final class BulwarkSQLException extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    /** SQLState: the database's circuit breaker is open. */
    public static final String CIRCUIT_OPEN = "BW001";
    /** SQLState: the database's bulkhead is full. */
    public static final String BULKHEAD_FULL = "BW002";
    /** SQLState: the database's rate limiter has no permit. */
    public static final String RATE_LIMITED = "BW003";
    /** SQLState: the statement ran longer than its timeout. */
    public static final String TIMED_OUT = "BW004";
    /** SQLState: the database's rule makes no sense. */
    public static final String INVALID_RULE = "BW005";
    // A BulwarkException kind this class does not know yet: still in class BW, still transient.
    static final String OTHER = "BW000";

    private final String databaseKey;

    /**
     * @param databaseKey the database, as {@link DatabaseKey#of(String)} gives it
     * @param what        "a statement" or "a connection"
     * @param cause       what Bulwark's policy threw
     */
    public BulwarkSQLException(String databaseKey, String what, BulwarkException cause) {
        super("Bulwark rejected " + what + " on " + (databaseKey == null ? DatabaseKey.UNKNOWN : databaseKey) + ": "
                + (cause == null ? "no reason given" : cause.getMessage()), stateOf(cause), 0, cause);
        this.databaseKey = databaseKey == null ? DatabaseKey.UNKNOWN : databaseKey;
    }

    /** The database the rejected call was for. */
    public String databaseKey() {
        return databaseKey;
    }

    private static String stateOf(BulwarkException cause) {
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
