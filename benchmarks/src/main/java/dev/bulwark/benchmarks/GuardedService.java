package dev.bulwark.benchmarks;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.RateLimiter;
import dev.bulwark.annotations.Retry;
import dev.bulwark.annotations.SlidingWindowType;

/**
 * Application code as users write it: annotated methods, guarded by the agent when it is attached
 * and plain methods when it is not. Each method has a policy of its own (no shared names). The
 * numbers match {@link Settings}; where they are the annotation's default they are left out.
 */
public class GuardedService {
    private int value = 42;

    public int bare() {
        return value;
    }

    @CircuitBreaker // COUNT window of 100, minimum 100 calls, threshold 50%
    public int breaker() {
        return value;
    }

    @Retry // 3 attempts, 500ms wait
    public int retry() {
        return value;
    }

    @Bulkhead // 25 concurrent calls, no wait
    public int bulkhead() {
        return value;
    }

    @RateLimiter(limitForPeriod = 1_000_000, limitRefreshPeriod = "1ms")
    public int rateLimiter() {
        return value;
    }

    @Retry
    @CircuitBreaker
    @Bulkhead
    public int stack() {
        return value;
    }

    public int bareFailure() {
        throw Failure.INSTANCE;
    }

    @CircuitBreaker(slidingWindowType = SlidingWindowType.TIME, slidingWindowSize = 100,
            minimumNumberOfCalls = Integer.MAX_VALUE, failureRateThreshold = 100)
    public int breakerFailure() {
        throw Failure.INSTANCE;
    }

    @Retry(maxAttempts = 1)
    public int retryFailure() {
        throw Failure.INSTANCE;
    }

    @Bulkhead
    public int bulkheadFailure() {
        throw Failure.INSTANCE;
    }

    @RateLimiter(limitForPeriod = 1_000_000, limitRefreshPeriod = "1ms")
    public int rateLimiterFailure() {
        throw Failure.INSTANCE;
    }

    @Retry(maxAttempts = 1)
    @CircuitBreaker(slidingWindowType = SlidingWindowType.TIME, slidingWindowSize = 100,
            minimumNumberOfCalls = Integer.MAX_VALUE, failureRateThreshold = 100)
    @Bulkhead
    public int stackFailure() {
        throw Failure.INSTANCE;
    }
}
