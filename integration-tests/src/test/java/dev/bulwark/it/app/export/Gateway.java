package dev.bulwark.it.app.export;

import dev.bulwark.annotations.CircuitBreaker;

/** A dependency that always fails, behind a breaker that opens after 4 calls. */
public class Gateway {
    @CircuitBreaker(name = "gateway", slidingWindowSize = 4, minimumNumberOfCalls = 4, waitDurationInOpenState = "60s")
    public String call() {
        throw new IllegalStateException("gateway down");
    }
}
