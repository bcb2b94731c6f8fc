package dev.bulwark.it.app.health;

import dev.bulwark.annotations.CircuitBreaker;

/** A dependency that fails while told to, behind a breaker that opens after 4 calls and needs 2 good trials. */
public class Checkout {
    volatile boolean failing;

    @CircuitBreaker(name = "checkout", slidingWindowSize = 4, minimumNumberOfCalls = 4, waitDurationInOpenState = "1s",
            permittedNumberOfCallsInHalfOpenState = 2)
    public String pay() {
        if (failing) {
            throw new IllegalStateException("checkout down");
        }
        return "paid";
    }
}
