package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.RateLimiter;
import dev.bulwark.annotations.Retry;

public class LimitedRetry {
    int invocations;

    /** Two permits an hour: the third attempt of the retry must be refused by the limiter. */
    @Retry(maxAttempts = 3, waitDuration = "0")
    @RateLimiter(name = "limited", limitForPeriod = 2, limitRefreshPeriod = "1h")
    public void call() {
        invocations++;
        throw new IllegalStateException("attempt #" + invocations);
    }
}
