package dev.bulwark.it.app;

import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;

public class Misconfigured {
    int invocations;

    @CircuitBreaker(failureRateThreshold = 150)
    public void call() {
        invocations++;
    }

    @Retry(waitDuration = "soon")
    public void badDuration() {
        invocations++;
    }
}
