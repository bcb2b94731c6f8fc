package dev.bulwark.it.app;

import dev.bulwark.annotations.CircuitBreaker;

/** Annotated with defaults only (a 100-call window): the configuration decides when it opens. */
public class ConfiguredService {
    int invocations;

    @CircuitBreaker(name = "configured", waitDurationInOpenState = "1h")
    public void call(boolean fail) {
        invocations++;
        if (fail) {
            throw new IllegalStateException("configured failure #" + invocations);
        }
    }
}
