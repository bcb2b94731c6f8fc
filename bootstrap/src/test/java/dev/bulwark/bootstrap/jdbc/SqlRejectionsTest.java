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
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqlRejectionsTest {
    private static final String ORDERS = "jdbc:postgresql://db1:5432/orders";

    private static final CircuitBreakerOpenException OPEN =
            new CircuitBreakerOpenException(ORDERS, ORDERS, CircuitBreakerState.OPEN, Duration.ofSeconds(30));

    @Test
    void openBreakerIsBw001() {
        assertEquals("BW001", ((SQLException) SqlRejections.of(ORDERS, "a statement", OPEN)).getSQLState());
    }

    @Test
    void fullBulkheadIsBw002() {
        BulkheadFullException full = new BulkheadFullException(ORDERS, ORDERS, 10, Duration.ZERO);
        assertEquals("BW002", ((SQLException) SqlRejections.of(ORDERS, "a statement", full)).getSQLState());
    }

    @Test
    void rateLimitIsBw003() {
        RateLimitExceededException limited = new RateLimitExceededException(ORDERS, ORDERS, 100, Duration.ofSeconds(1),
                Duration.ofMillis(10));
        assertEquals("BW003", ((SQLException) SqlRejections.of(ORDERS, "a statement", limited)).getSQLState());
    }

    @Test
    void timeoutIsBw004() {
        TimeoutExceededException timedOut = new TimeoutExceededException(ORDERS, ORDERS, Duration.ofSeconds(2));
        assertEquals("BW004", ((SQLException) SqlRejections.of(ORDERS, "a statement", timedOut)).getSQLState());
    }

    @Test
    void invalidRuleIsBw005() {
        InvalidPolicyException invalid = new InvalidPolicyException(ORDERS, "failure-rate 150 is not in 1..100");
        assertEquals("BW005", ((SQLException) SqlRejections.of(ORDERS, "a statement", invalid)).getSQLState());
    }

    @Test
    void constantsAreTheDocumentedStates() {
        assertEquals(String.join(",", "BW001", "BW002", "BW003", "BW004", "BW005"),
                String.join(",", SqlRejections.CIRCUIT_OPEN, SqlRejections.BULKHEAD_FULL,
                        SqlRejections.RATE_LIMITED, SqlRejections.TIMED_OUT, SqlRejections.INVALID_RULE));
    }

    @Test
    void messageNamesTheDatabaseAndThePolicysReason() {
        assertEquals("Bulwark rejected a statement on jdbc:postgresql://db1:5432/orders: " + OPEN.getMessage(),
                ((SQLException) SqlRejections.of(ORDERS, "a statement", OPEN)).getMessage());
    }

    @Test
    void messageSaysWhatWasRejected() {
        assertEquals("Bulwark rejected a connection on jdbc:postgresql://db1:5432/orders: " + OPEN.getMessage(),
                ((SQLException) SqlRejections.of(ORDERS, "a connection", OPEN)).getMessage());
    }

    @Test
    void causeIsThePolicysException() {
        assertSame(OPEN, ((SQLException) SqlRejections.of(ORDERS, "a statement", OPEN)).getCause());
    }

    @Test
    void vendorCodeIsZero() {
        assertEquals(0, ((SQLException) SqlRejections.of(ORDERS, "a statement", OPEN)).getErrorCode());
    }

    @Test
    void isTheJdksTransientConnectionExceptionSoEveryDriversCallerKnowsIt() {
        assertInstanceOf(SQLTransientConnectionException.class, SqlRejections.of(ORDERS, "a statement", OPEN));
        assertInstanceOf(SQLTransientException.class, SqlRejections.of(ORDERS, "a statement", OPEN));
    }
}
