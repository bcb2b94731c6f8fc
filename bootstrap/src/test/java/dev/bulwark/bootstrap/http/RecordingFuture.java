package dev.bulwark.bootstrap.http;

import java.util.concurrent.CompletableFuture;

/**
 * Stands for Apache's {@code ComplexFuture} in tests: public, with the {@code completed} and
 * {@code failed} through which Bulwark hands a retry's outcome to the caller's future.
 */
public final class RecordingFuture {
    final CompletableFuture<Object> outcome = new CompletableFuture<>();

    public boolean completed(Object result) {
        return outcome.complete(result);
    }

    public boolean failed(Exception error) {
        return outcome.completeExceptionally(error);
    }
}
