package dev.bulwark.it.app.foreign;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Written as for a MicroProfile container, run here as a plain object: no CDI on the class path. */
public class MicroProfileService {
    int attempts;
    int breakerCalls;
    int fallbackBodyCalls;

    @Retry(maxRetries = 2)
    public String flaky() throws IOException {
        attempts++;
        throw new IOException("attempt " + attempts);
    }

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS)
    public String guarded(boolean fail) {
        breakerCalls++;
        if (fail) {
            throw new IllegalStateException("down");
        }
        return "up";
    }

    @Fallback(fallbackMethod = "cached", skipOn = IllegalArgumentException.class)
    public String lookup(String id) {
        fallbackBodyCalls++;
        if (id.isEmpty()) {
            throw new IllegalArgumentException("no id");
        }
        throw new IllegalStateException("store down");
    }

    String cached(String id) {
        return "cached " + id;
    }

    @Timeout(200)
    public String slow() throws InterruptedException {
        Thread.sleep(120_000);
        return "finished";
    }
}
