package dev.bulwark.bootstrap.jdbc;

import java.util.Set;

/**
 * Whether a SQL failure is transient: worth retrying, and a sign the database is unwell. A syntax
 * error or a constraint violation is neither, so it is never retried and never counts against a
 * breaker.
 */
public final class SqlFailures {
    /** How many exceptions of a cause / next-exception tree are looked at: a batch of a thousand failures, or a cycle, stays cheap. */
    static final int MAX_VISITED = 32;

    private SqlFailures() {
    }

    /**
     * Transient: any {@code SQLTransientException} (incl. {@code SQLTransientConnectionException},
     * {@code SQLTimeoutException}), {@code SQLRecoverableException}, or an {@code SQLException}, or one in
     * its {@code getCause()} / {@code getNextException()} chain (at most {@value #MAX_VISITED} looked at),
     * whose SQLState is in class {@code 08} (connection exception), or exactly {@code 40001} (serialization
     * failure), {@code 40P01} (PostgreSQL deadlock) or {@code 57P01} (PostgreSQL admin shutdown), or is
     * in {@code extraStates} (exact states or 2-character classes). Anything that is not an
     * {@code SQLException} (a driver's RuntimeException) is not transient.
     */
    public static boolean isTransient(Throwable t, Set<String> extraStates) {
        // java.sql types through JavaSql: this class lives on the bootstrap class path.
        if (!JavaSql.isSqlException(t)) {
            return false;
        }
        Throwable[] pending = new Throwable[MAX_VISITED];
        pending[0] = t;
        int top = 1;
        int visited = 0;
        while (top > 0 && visited < MAX_VISITED) {
            Throwable current = pending[--top];
            visited++;
            if (JavaSql.isSqlException(current)) {
                if (isTransientItself(current, extraStates)) {
                    return true;
                }
                Throwable next = JavaSql.nextException(current);
                if (next != null && next != current && top < pending.length) {
                    pending[top++] = next;
                }
            }
            Throwable cause = current.getCause();
            if (cause != null && cause != current && top < pending.length) {
                pending[top++] = cause;
            }
        }
        return false;
    }

    /**
     * Fatal to its connection: the connection is gone and must never be lent again. A
     * {@code SQLRecoverableException} or {@code SQLNonTransientConnectionException}, or SQLState class
     * {@code 08}, or PostgreSQL's {@code 57P01}/{@code 57P02}/{@code 57P03} (the server shut the session
     * down), in the exception or its causes.
     */
    public static boolean isFatal(Throwable t) {
        Throwable current = t;
        for (int i = 0; current != null && i < MAX_VISITED; i++, current = current.getCause()) {
            if (!JavaSql.isSqlException(current)) {
                continue;
            }
            if (JavaSql.SQL_RECOVERABLE.isInstance(current) || JavaSql.SQL_NON_TRANSIENT_CONNECTION.isInstance(current)) {
                return true;
            }
            String state = JavaSql.sqlState(current);
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable e, Set<String> extraStates) {
        if (JavaSql.SQL_TRANSIENT.isInstance(e) || JavaSql.SQL_RECOVERABLE.isInstance(e)) {
            return true;
        }
        String state = JavaSql.sqlState(e);
        if (state == null || state.length() < 2) {
            return false;
        }
        if (state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.equals("57P01")) {
            return true;
        }
        return extraStates != null && !extraStates.isEmpty()
                && (extraStates.contains(state) || extraStates.contains(state.substring(0, 2)));
    }
}
