package dev.bulwark.bootstrap.http;

import java.io.IOException;

/**
 * A response whose status the rules count as a failure, as the breaker and the retry see it. Never
 * thrown to the caller: a request that is not retried again returns its response as it came.
 */
public final class HttpStatusFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpStatusFailure(String server, int status) {
        super("HTTP " + status + " from " + server, null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
