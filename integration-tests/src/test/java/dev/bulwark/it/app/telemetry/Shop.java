package dev.bulwark.it.app.telemetry;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Fallback;
import dev.bulwark.annotations.RateLimiter;
import dev.bulwark.annotations.Retry;
import dev.bulwark.annotations.Timeout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** One guarded method per policy, each doing what its argument says, for the {@code policies} scenario. */
public class Shop {
    /** {@code kind}: {@code ok}, {@code slow} (1.2 s, past the 1 s slow-call threshold), {@code fail}, {@code invalid} (ignored). */
    @CircuitBreaker(name = "orders", slidingWindowSize = 4, minimumNumberOfCalls = 4, failureRateThreshold = 60,
            slowCallDurationThreshold = "1s", waitDurationInOpenState = "1s",
            permittedNumberOfCallsInHalfOpenState = 2, ignoreExceptions = IllegalArgumentException.class)
    public String order(String kind) throws InterruptedException {
        switch (kind) {
            case "slow" -> Thread.sleep(1_200);
            case "fail" -> throw new IllegalStateException("orders down");
            case "invalid" -> throw new IllegalArgumentException("no such product");
            default -> {
            }
        }
        return "ordered";
    }

    /** Fails while {@code failuresLeft} is above 0, counting it down. */
    @Retry(name = "inventory", maxAttempts = 3, waitDuration = "0")
    public String reserve(AtomicInteger failuresLeft) {
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("inventory busy");
        }
        return "reserved";
    }

    /** Always fails; its budget allows no retry while only one call is in flight. */
    @Retry(name = "restock", maxAttempts = 3, waitDuration = "0", budgetPercent = 10, minRetryConcurrency = 0)
    public String restock() {
        throw new IllegalStateException("supplier down");
    }

    @Bulkhead(name = "reports", maxConcurrentCalls = 1)
    public String report(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
        return "reported";
    }

    @Bulkhead(name = "exports", maxConcurrentCalls = 1, maxWaitDuration = "10m")
    public String export(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
        return "exported";
    }

    @RateLimiter(name = "search", limitForPeriod = 2, limitRefreshPeriod = "1h")
    public String search() {
        return "found";
    }

    /** {@code slow}: sleeps until the 1 s timeout interrupts it. */
    @Timeout(name = "pricing", value = "1s")
    public String price(boolean slow) throws InterruptedException {
        if (slow) {
            Thread.sleep(60_000);
        }
        return "priced";
    }

    @Fallback(method = "quoteLater")
    public String quote() {
        throw new IllegalStateException("quotes down");
    }

    public String quoteLater() {
        return "later";
    }
}
