package dev.bulwark.bootstrap.pool;

/**
 * No connection became free within the acquire timeout. The JDBC side turns it into the
 * SQLException its callers expect; the cause is the last failure to open a connection, if any.
 */
public final class PoolTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    PoolTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
