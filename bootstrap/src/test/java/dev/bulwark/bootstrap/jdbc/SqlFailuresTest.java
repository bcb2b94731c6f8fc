package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
    private static final Set<String> NONE = Set.of();

    private static SQLException withState(String state) {
        return new SQLException("failed", state);
    }

    @Test
    void sqlTransientExceptionIsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLTransientException("busy"), NONE));
    }

    @Test
    void sqlTransientConnectionExceptionIsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLTransientConnectionException("refused"), NONE));
    }

    @Test
    void sqlTimeoutExceptionIsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLTimeoutException("query timed out"), NONE));
    }

    @Test
    void sqlTransactionRollbackExceptionIsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLTransactionRollbackException("rolled back"), NONE));
    }

    @Test
    void sqlRecoverableExceptionIsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLRecoverableException("reconnect"), NONE));
    }

    @Test
    void connectionExceptionClass08IsTransient() {
        assertTrue(SqlFailures.isTransient(withState("08006"), NONE));
    }

    @Test
    void anyStateOfClass08IsTransient() {
        assertTrue(SqlFailures.isTransient(withState("08S01"), NONE));
    }

    @Test
    void nonTransientConnectionExceptionWithClass08IsTransient() {
        assertTrue(SqlFailures.isTransient(new SQLNonTransientConnectionException("gone", "08003"), NONE));
    }

    @Test
    void serializationFailureIsTransient() {
        assertTrue(SqlFailures.isTransient(withState("40001"), NONE));
    }

    @Test
    void postgresqlDeadlockIsTransient() {
        assertTrue(SqlFailures.isTransient(withState("40P01"), NONE));
    }

    @Test
    void postgresqlAdminShutdownIsTransient() {
        assertTrue(SqlFailures.isTransient(withState("57P01"), NONE));
    }

    @Test
    void otherStatesOfClass40AreNotTransient() {
        assertFalse(SqlFailures.isTransient(withState("40002"), NONE));
    }

    @Test
    void otherStatesOfClass57AreNotTransient() {
        assertFalse(SqlFailures.isTransient(withState("57014"), NONE));
    }

    @Test
    void syntaxErrorIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new SQLSyntaxErrorException("syntax error", "42601"), NONE));
    }

    @Test
    void constraintViolationIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new SQLIntegrityConstraintViolationException("duplicate key", "23505"), NONE));
    }

    @Test
    void sqlExceptionWithoutStateIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new SQLException("no state"), NONE));
    }

    @Test
    void transientCauseMakesTheFailureTransient() {
        assertTrue(SqlFailures.isTransient(new SQLException("wrapped", "XX000", withState("08001")), NONE));
    }

    @Test
    void transientCauseBehindANonSqlCauseMakesTheFailureTransient() {
        IOException io = new IOException("socket", new SQLTransientConnectionException("reset"));
        assertTrue(SqlFailures.isTransient(new SQLException("wrapped", "XX000", io), NONE));
    }

    @Test
    void transientNextExceptionMakesTheFailureTransient() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", "XX000", new int[0]);
        batch.setNextException(withState("23505"));
        batch.setNextException(withState("40P01"));
        assertTrue(SqlFailures.isTransient(batch, NONE));
    }

    @Test
    void nonTransientChainIsNotTransient() {
        SQLException top = new SQLException("wrapped", "XX000", new SQLSyntaxErrorException("bad", "42601"));
        top.setNextException(withState("23505"));
        assertFalse(SqlFailures.isTransient(top, NONE));
    }

    @Test
    void aCycleOfNextExceptionsEnds() {
        SQLException a = withState("23505");
        SQLException b = withState("23503");
        a.setNextException(b);
        b.setNextException(a);
        assertFalse(SqlFailures.isTransient(a, NONE));
    }

    @Test
    void aTransientStateBeyondTheBoundIsNotSeen() {
        SQLException top = withState("23505");
        SQLException last = top;
        for (int i = 0; i < SqlFailures.MAX_VISITED + 10; i++) {
            SQLException next = withState("23505");
            last.setNextException(next);
            last = next;
        }
        last.setNextException(withState("08006"));
        assertFalse(SqlFailures.isTransient(top, NONE));
    }

    @Test
    void extraExactStateIsTransient() {
        assertTrue(SqlFailures.isTransient(withState("HY000"), Set.of("HY000")));
    }

    @Test
    void extraExactStateDoesNotCoverItsClass() {
        assertFalse(SqlFailures.isTransient(withState("HY001"), Set.of("HY000")));
    }

    @Test
    void extraStateClassCoversEveryStateOfIt() {
        assertTrue(SqlFailures.isTransient(withState("53300"), Set.of("53")));
    }

    @Test
    void extraStatesApplyToChainedExceptions() {
        assertTrue(SqlFailures.isTransient(new SQLException("wrapped", "XX000", withState("53300")), Set.of("53")));
    }

    @Test
    void nullExtraStatesAreNone() {
        assertFalse(SqlFailures.isTransient(withState("53300"), null));
    }

    @Test
    void runtimeExceptionFromTheDriverIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new IllegalStateException("driver bug"), NONE));
    }

    @Test
    void runtimeExceptionWrappingATransientSqlExceptionIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new RuntimeException(new SQLTransientConnectionException("reset")), NONE));
    }

    @Test
    void nullIsNotTransient() {
        assertFalse(SqlFailures.isTransient(null, NONE));
    }
}
