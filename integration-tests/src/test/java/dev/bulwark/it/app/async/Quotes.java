package dev.bulwark.it.app.async;

import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Fallback;
import dev.bulwark.annotations.Retry;
import dev.bulwark.annotations.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Asynchronous methods: their stages' outcomes are what the policies judge. */
public class Quotes {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger downCalls = new AtomicInteger();
    volatile CompletableFuture<String> hanging;

    /** Fails through its stage twice, on another thread, then answers. */
    @Retry(maxAttempts = 3, waitDuration = "20ms")
    public CompletableFuture<String> quote(String symbol) {
        int n = attempts.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            if (n < 3) {
                throw new IllegalStateException("quote service busy #" + n);
            }
            return symbol + "=42";
        });
    }

    /** Never answers: the timeout completes the caller's future and cancels this one. */
    @Timeout("150ms")
    public CompletionStage<String> stuck() {
        hanging = new CompletableFuture<>();
        return hanging;
    }

    @CircuitBreaker(name = "async-down", slidingWindowSize = 2, minimumNumberOfCalls = 2, waitDurationInOpenState = "1h")
    public CompletionStage<String> down() {
        downCalls.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("down"));
    }

    @CircuitBreaker(name = "async-down")
    @Fallback(method = "cached")
    public CompletionStage<String> downWithFallback() {
        downCalls.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("down"));
    }

    private CompletionStage<String> cached(Throwable failure) {
        return CompletableFuture.completedFuture("cached after " + failure.getClass().getSimpleName());
    }
}
