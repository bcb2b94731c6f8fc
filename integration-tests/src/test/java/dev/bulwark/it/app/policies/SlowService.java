package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;
import dev.bulwark.annotations.Timeout;

/** Methods that sleep far longer than their timeout unless interrupted. */
public class SlowService {
    static final long MINUTE_MILLIS = 60_000;

    int interrupted;
    int retriedAttempts;
    int breakerAttempts;

    @Timeout(name = "slow", value = "200ms")
    public String sleep(long millis) {
        return sleepOrNote(millis);
    }

    @Timeout("200ms")
    @Retry(maxAttempts = 2, waitDuration = "0")
    public String sleepWithRetry() {
        retriedAttempts++;
        return sleepOrNote(MINUTE_MILLIS);
    }

    @Timeout("200ms")
    @CircuitBreaker(name = "slow-breaker", slidingWindowSize = 2, minimumNumberOfCalls = 2,
            waitDurationInOpenState = "1h")
    public String sleepBehindBreaker() {
        breakerAttempts++;
        return sleepOrNote(MINUTE_MILLIS);
    }

    /** Does what well-behaved code does with an interrupt: stops, and sets the flag again. */
    private String sleepOrNote(long millis) {
        try {
            Thread.sleep(millis);
            return "slept " + millis + "ms";
        } catch (InterruptedException e) {
            interrupted++;
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
