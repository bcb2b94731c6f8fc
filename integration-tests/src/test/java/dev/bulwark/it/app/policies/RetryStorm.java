package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.Retry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dependency that is down, called by {@link #CALLS} threads at once. Two gates in the body make
 * the storm the same under every thread schedule: each first attempt waits until all calls are in
 * flight, and each later attempt waits until every call's first failure has been granted its retry
 * or refused one (the scenario opens {@link #firstWaveDecided} from the retry events). So no retry
 * ends, and frees budget, while first failures are still asking for one.
 */
public class RetryStorm {
    static final int CALLS = 20;
    static final int MAX_ATTEMPTS = 5;

    final AtomicInteger invocations = new AtomicInteger();
    final CountDownLatch allInFlight = new CountDownLatch(CALLS);
    final CountDownLatch firstWaveDecided = new CountDownLatch(CALLS);
    final AtomicInteger gateTimeouts = new AtomicInteger();

    /** One call's attempts, so the body knows which attempt it runs. */
    static final class Attempts {
        int count;
    }

    @Retry(name = "storm", maxAttempts = MAX_ATTEMPTS, waitDuration = "50ms", budgetPercent = 20,
            minRetryConcurrency = 1)
    public void budgeted(Attempts attempts) {
        fail(attempts);
    }

    /** The control: a budget as large as the storm, so every retry is made. */
    @Retry(name = "unbudgeted", maxAttempts = MAX_ATTEMPTS, waitDuration = "50ms", budgetPercent = 100,
            minRetryConcurrency = CALLS)
    public void unbudgeted(Attempts attempts) {
        fail(attempts);
    }

    private void fail(Attempts attempts) {
        invocations.incrementAndGet();
        if (++attempts.count == 1) {
            allInFlight.countDown();
            await(allInFlight);
        } else {
            await(firstWaveDecided);
        }
        throw new IllegalStateException("dependency down");
    }

    private void await(CountDownLatch gate) {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                gateTimeouts.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
