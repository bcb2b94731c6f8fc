package dev.bulwark.it.app.telemetry;

import dev.bulwark.annotations.CircuitBreaker;

/** A dependency that fails while told to, behind a breaker that opens after 4 calls and tries again after 1 s. */
public class Payments {
    volatile boolean failing = true;

    @CircuitBreaker(name = "payments", slidingWindowSize = 4, minimumNumberOfCalls = 4,
            waitDurationInOpenState = "1s", permittedNumberOfCallsInHalfOpenState = 1)
    public String charge() {
        if (failing) {
            throw new IllegalStateException("payment gateway down");
        }
        return "charged";
    }
}
