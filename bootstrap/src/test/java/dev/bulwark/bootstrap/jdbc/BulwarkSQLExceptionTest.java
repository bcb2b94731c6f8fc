package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.annotations.TimeoutExceededException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BulwarkSQLExceptionTest {
    private static final String ORDERS = "jdbc:postgresql://db1:5432/orders";

    private static final CircuitBreakerOpenException OPEN =
            new CircuitBreakerOpenException(ORDERS, ORDERS, CircuitBreakerState.OPEN, Duration.ofSeconds(30));

    @Test
    void openBreakerIsBw001() {
        assertEquals("BW001", new BulwarkSQLException(ORDERS, "a statement", OPEN).getSQLState());
    }

    @Test
    void fullBulkheadIsBw002() {
        BulkheadFullException full = new BulkheadFullException(ORDERS, ORDERS, 10, Duration.ZERO);
        assertEquals("BW002", new BulwarkSQLException(ORDERS, "a statement", full).getSQLState());
    }

    @Test
    void rateLimitIsBw003() {
        RateLimitExceededException limited = new RateLimitExceededException(ORDERS, ORDERS, 100, Duration.ofSeconds(1),
                Duration.ofMillis(10));
        assertEquals("BW003", new BulwarkSQLException(ORDERS, "a statement", limited).getSQLState());
    }

    @Test
    void timeoutIsBw004() {
        TimeoutExceededException timedOut = new TimeoutExceededException(ORDERS, ORDERS, Duration.ofSeconds(2));
        assertEquals("BW004", new BulwarkSQLException(ORDERS, "a statement", timedOut).getSQLState());
    }

    @Test
    void invalidRuleIsBw005() {
        InvalidPolicyException invalid = new InvalidPolicyException(ORDERS, "failure-rate 150 is not in 1..100");
        assertEquals("BW005", new BulwarkSQLException(ORDERS, "a statement", invalid).getSQLState());
    }

    @Test
    void constantsAreTheDocumentedStates() {
        assertEquals(String.join(",", "BW001", "BW002", "BW003", "BW004", "BW005"),
                String.join(",", BulwarkSQLException.CIRCUIT_OPEN, BulwarkSQLException.BULKHEAD_FULL,
                        BulwarkSQLException.RATE_LIMITED, BulwarkSQLException.TIMED_OUT, BulwarkSQLException.INVALID_RULE));
    }

    @Test
    void messageNamesTheDatabaseAndThePolicysReason() {
        assertEquals("Bulwark rejected a statement on jdbc:postgresql://db1:5432/orders: " + OPEN.getMessage(),
                new BulwarkSQLException(ORDERS, "a statement", OPEN).getMessage());
    }

    @Test
    void messageSaysWhatWasRejected() {
        assertEquals("Bulwark rejected a connection on jdbc:postgresql://db1:5432/orders: " + OPEN.getMessage(),
                new BulwarkSQLException(ORDERS, "a connection", OPEN).getMessage());
    }

    @Test
    void causeIsThePolicysException() {
        assertSame(OPEN, new BulwarkSQLException(ORDERS, "a statement", OPEN).getCause());
    }

    @Test
    void vendorCodeIsZero() {
        assertEquals(0, new BulwarkSQLException(ORDERS, "a statement", OPEN).getErrorCode());
    }

    @Test
    void databaseKeyIsKept() {
        assertEquals(ORDERS, new BulwarkSQLException(ORDERS, "a statement", OPEN).databaseKey());
    }

    @Test
    void isASqlTransientException() {
        assertInstanceOf(SQLTransientException.class, new BulwarkSQLException(ORDERS, "a statement", OPEN));
    }
}
