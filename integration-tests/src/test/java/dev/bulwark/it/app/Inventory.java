package dev.bulwark.it.app;

import dev.bulwark.annotations.CircuitBreaker;

public class Inventory {
    int invocations;

    @CircuitBreaker(name = "inventory", slidingWindowSize = 4, minimumNumberOfCalls = 4,
            waitDurationInOpenState = "300ms", permittedNumberOfCallsInHalfOpenState = 1)
    public String reserve(boolean fail) {
        invocations++;
        if (fail) {
            throw new IllegalStateException("out of stock #" + invocations);
        }
        return "reserved";
    }
}
