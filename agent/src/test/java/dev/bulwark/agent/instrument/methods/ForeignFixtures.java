package dev.bulwark.agent.instrument.methods;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Classes carrying the real MicroProfile Fault Tolerance and Resilience4j annotations, only to be read. */
final class ForeignFixtures {
    private ForeignFixtures() {
    }

    static class MicroProfile {
        @Retry
        public void retryDefaults() {
        }

        @Retry(maxRetries = 2, delay = 400, jitter = 100, maxDuration = 5, durationUnit = ChronoUnit.SECONDS,
                retryOn = IOException.class, abortOn = CircuitBreakerOpenException.class)
        public void retry() {
        }

        @Retry(maxRetries = -1, delay = 100, jitter = 200)
        public void retryForever() {
        }

        @Retry(delay = 2, delayUnit = ChronoUnit.SECONDS, maxDuration = 0)
        public void retryInSeconds() {
        }

        @Retry(maxRetries = -2)
        public void tooFewRetries() {
        }

        @Retry(delay = 1000, maxDuration = 1000)
        public void maxDurationNotAboveDelay() {
        }

        @CircuitBreaker
        public void breakerDefaults() {
        }

        @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 1000, successThreshold = 2,
                failOn = IOException.class, skipOn = IllegalArgumentException.class)
        public void breaker() {
        }

        @CircuitBreaker(failureRatio = 0)
        public void breakerRatioZero() {
        }

        @CircuitBreaker(delay = 0)
        public void breakerWithoutDelay() {
        }

        @Bulkhead(value = 3, waitingTaskQueue = 7)
        public void bulkhead() {
        }

        @Timeout(value = 2, unit = ChronoUnit.SECONDS)
        public void timeout() {
        }

        @Timeout(0)
        public void timeoutZero() {
        }

        @Asynchronous
        public void asynchronousOnly() {
        }

        @Retry
        @io.github.resilience4j.retry.annotation.Retry(name = "r4j")
        public void bothLibraries() {
        }
    }

    @Retry(maxRetries = 5)
    @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "class-breaker")
    static class ClassLevel {
        public void inherits() {
        }

        @Retry(maxRetries = 1)
        public void overrides() {
        }

        void packagePrivate() {
        }

        @io.github.resilience4j.retry.annotation.Retry(name = "method-retry")
        public void resilience4jOnMethod() {
        }
    }

    static class Fallbacks {
        @Fallback(fallbackMethod = "recover", applyOn = IOException.class, skipOn = CircuitBreakerOpenException.class)
        public String withMethod(String id) {
            return id;
        }

        String recover(String id) {
            return "recovered " + id;
        }

        @Fallback(Handler.class)
        public String withHandler(String id) {
            return id;
        }

        @Fallback(value = Handler.class, fallbackMethod = "recover")
        public String withBoth(String id) {
            return id;
        }

        @Fallback(fallbackMethod = "missing")
        public String withMissing(String id) {
            return id;
        }

        @Fallback
        public String withNeither(String id) {
            return id;
        }

        public String without(String id) {
            return id;
        }

        @Fallback(fallbackMethod = "recover")
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "x", fallbackMethod = "recoverFailure")
        public String fromBothLibraries(String id) {
            return id;
        }

        String recoverFailure(String id, Throwable failure) {
            return id;
        }
    }

    static final class Handler implements FallbackHandler<String> {
        @Override
        public String handle(ExecutionContext context) {
            return "handled";
        }
    }

    static class Resilience4j {
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "payments")
        @io.github.resilience4j.retry.annotation.Retry(name = "payments-retry")
        @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = "pool",
                type = io.github.resilience4j.bulkhead.annotation.Bulkhead.Type.THREADPOOL)
        @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = "limited")
        @io.github.resilience4j.timelimiter.annotation.TimeLimiter(name = "slow")
        public String everything(String id) {
            return id;
        }

        @io.github.resilience4j.retry.annotation.Retry(name = " ")
        public void blankName() {
        }

        @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = "heavy", permits = 5)
        public void manyPermits() {
        }

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "payments", fallbackMethod = "recover")
        @io.github.resilience4j.retry.annotation.Retry(name = "payments", fallbackMethod = "recover")
        public String withFallback(String id) {
            return id;
        }

        String recover(String id, Throwable failure) {
            return "recovered " + id;
        }

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "payments", fallbackMethod = "narrow")
        public String withNarrowFallback(String id) {
            return id;
        }

        String narrow(String id, IOException failure) {
            return id;
        }

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "payments", fallbackMethod = "plain")
        public String withoutFailureParameter(String id) {
            return id;
        }

        String plain(String id) {
            return id;
        }

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "payments", fallbackMethod = "recover")
        @io.github.resilience4j.retry.annotation.Retry(name = "payments", fallbackMethod = "plain")
        public String withTwoFallbacks(String id) {
            return id;
        }
    }

    @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "all", fallbackMethod = "recover")
    static class Resilience4jClassLevel {
        public String call(String id) {
            return id;
        }

        String recover(String id, Throwable failure) {
            return id;
        }
    }

    static class Mixed {
        @Retry(maxRetries = 1)
        @dev.bulwark.annotations.Retry(maxAttempts = 7)
        public void bulwarkWins() {
        }
    }
}
