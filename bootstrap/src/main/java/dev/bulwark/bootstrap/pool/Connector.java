package dev.bulwark.bootstrap.pool;

import dev.bulwark.bootstrap.telemetry.Redaction;

/**
 * How a pool opens, checks and closes its connections. The pool knows nothing of JDBC: the JDBC
 * side (which can name java.sql types) implements this.
 *
 * @param <C> the connection type
 */
public interface Connector<C> {

    /** Opens a new connection; throws what the driver throws. */
    C open() throws Exception;

    /** True when the connection still works; must return within about {@code timeoutSeconds}; never throws. */
    boolean isValid(C connection, int timeoutSeconds);

    /** Closes a connection the pool retires; never throws. */
    void close(C connection);

    /**
     * What {@link #open} threw, as text fit for logs and health reasons: URLs and {@code password=}-like
     * values redacted. A connector that knows its credentials masks them too, wherever a driver quoted them.
     */
    default String describe(Throwable failure) {
        return Redaction.text(String.valueOf(failure));
    }
}
