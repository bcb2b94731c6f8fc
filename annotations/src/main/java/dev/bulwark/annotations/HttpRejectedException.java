package dev.bulwark.annotations;

import java.io.IOException;

/**
 * What an HTTP client's caller receives when a Bulwark policy refuses an outgoing request: an
 * {@code IOException}, because that is all the JDK clients, Apache HttpClient and OkHttp may throw
 * for a request that did not get an answer. The cause is the policy's own exception
 * ({@link CircuitBreakerOpenException}, {@link BulkheadFullException}, {@link RateLimitExceededException},
 * {@link TimeoutExceededException}), so a handler can tell which protection acted.
 */
public final class HttpRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String server;

    /**
     * @param server the guarded server as {@code host:port}, never with user info, path or query
     * @param method the request's method, such as GET
     */
    public HttpRejectedException(String server, String method, BulwarkException cause) {
        super("Bulwark rejected " + method + " " + server + ": " + cause.getMessage(), cause);
        this.server = server;
    }

    /** The guarded server, {@code host:port}. */
    public String server() {
        return server;
    }

    /** The policy's own exception: which protection refused the request. */
    @Override
    public synchronized BulwarkException getCause() {
        return (BulwarkException) super.getCause();
    }
}
