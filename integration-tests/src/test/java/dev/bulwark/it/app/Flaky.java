package dev.bulwark.it.app;

import dev.bulwark.annotations.Retry;
import java.io.IOException;

public class Flaky {
    int attempts;
    int failures;
    int aborted;
    IllegalStateException lastThrown;

    @Retry(maxAttempts = 4, waitDuration = "10ms", backoffMultiplier = 2)
    public String fetch() throws IOException {
        attempts++;
        if (attempts < 3) {
            throw new IOException("connection reset #" + attempts);
        }
        return "ok";
    }

    @Retry(maxAttempts = 3, waitDuration = "1ms")
    public void alwaysFails() {
        failures++;
        lastThrown = new IllegalStateException("failure #" + failures);
        throw lastThrown;
    }

    @Retry(maxAttempts = 5, waitDuration = "0", abortOn = IllegalArgumentException.class)
    public void aborts() {
        aborted++;
        throw new IllegalArgumentException("bad input");
    }
}
