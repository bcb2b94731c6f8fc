package dev.bulwark.bootstrap.pool;

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
}
