package dev.bulwark.it.app.foreign;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import java.io.IOException;

/** Written as for Spring with Resilience4j, run here as a plain object: no Spring on the class path. */
public class Resilience4jService {
    int breakerCalls;
    int retryAttempts;

    @CircuitBreaker(name = "x", fallbackMethod = "recover")
    public String charge(String order) throws IOException {
        breakerCalls++;
        throw new IOException("gateway down");
    }

    String recover(String order, Throwable failure) {
        return "recovered " + order + " after " + failure.getClass().getSimpleName();
    }

    @Retry(name = "y")
    public String fetch() throws IOException {
        retryAttempts++;
        throw new IOException("reset");
    }
}
