package dev.bulwark.it.app;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;

public class Stacked {
    int invocations;

    /** The breaker opens after two failures, so the third attempt of the retry is refused by it. */
    @Retry(maxAttempts = 5, waitDuration = "1ms")
    @CircuitBreaker(slidingWindowSize = 2, minimumNumberOfCalls = 2, waitDurationInOpenState = "1h")
    @Bulkhead(maxConcurrentCalls = 1)
    public void call() {
        invocations++;
        throw new IllegalStateException("down");
    }
}
