package dev.bulwark.benchmarks;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same policies built with Resilience4j's decorators, decorated once in setup as its
 * documentation recommends, and run without any agent. Settings as in {@link Settings}; the stack
 * is Retry(CircuitBreaker(Bulkhead(call))), Bulwark's order. Failure benchmarks measure what the
 * Bulwark ones do (see {@link BulwarkGuarded}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class Resilience4jDecorated {
    private Supplier<Integer> breaker;
    private Supplier<Integer> retry;
    private Supplier<Integer> bulkhead;
    private Supplier<Integer> rateLimiter;
    private Supplier<Integer> stack;
    private Supplier<Integer> breakerFailure;
    private Supplier<Integer> retryFailure;
    private Supplier<Integer> bulkheadFailure;
    private Supplier<Integer> rateLimiterFailure;
    private Supplier<Integer> stackFailure;

    @Setup
    public void setUp() {
        AgentCheck.requireNoAgent();
        GuardedService service = new GuardedService();
        Supplier<Integer> ok = service::bare;
        Supplier<Integer> failing = service::bareFailure;

        breaker = CircuitBreaker.decorateSupplier(breaker("breaker"), ok);
        retry = Retry.decorateSupplier(retry("retry", Settings.ATTEMPTS), ok);
        bulkhead = Bulkhead.decorateSupplier(bulkhead("bulkhead"), ok);
        rateLimiter = RateLimiter.decorateSupplier(rateLimiter("rateLimiter"), ok);
        stack = Retry.decorateSupplier(retry("stack", Settings.ATTEMPTS),
                CircuitBreaker.decorateSupplier(breaker("stack"),
                        Bulkhead.decorateSupplier(bulkhead("stack"), ok)));

        breakerFailure = CircuitBreaker.decorateSupplier(failureBreaker("breakerFailure"), failing);
        retryFailure = Retry.decorateSupplier(retry("retryFailure", 1), failing);
        bulkheadFailure = Bulkhead.decorateSupplier(bulkhead("bulkheadFailure"), failing);
        rateLimiterFailure = RateLimiter.decorateSupplier(rateLimiter("rateLimiterFailure"), failing);
        stackFailure = Retry.decorateSupplier(retry("stackFailure", 1),
                CircuitBreaker.decorateSupplier(failureBreaker("stackFailure"),
                        Bulkhead.decorateSupplier(bulkhead("stackFailure"), failing)));
    }

    static CircuitBreaker breaker(String name) {
        return breaker(name, CircuitBreakerConfig.DEFAULT_SLIDING_WINDOW_SYNCHRONIZATION_STRATEGY);
    }

    /** Resilience4j 2.3 offers a LOCK_FREE window beside its default SYNCHRONIZED one. */
    static CircuitBreaker breaker(String name, SlidingWindowSynchronizationStrategy strategy) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindow(Settings.WINDOW, Settings.WINDOW, SlidingWindowType.COUNT_BASED, strategy)
                .failureRateThreshold(Settings.FAILURE_RATE)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .build());
    }

    private static CircuitBreaker failureBreaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindow(Settings.FAILURE_WINDOW_SECONDS, Settings.NEVER, SlidingWindowType.TIME_BASED,
                        CircuitBreakerConfig.DEFAULT_SLIDING_WINDOW_SYNCHRONIZATION_STRATEGY)
                .failureRateThreshold(100)
                .build());
    }

    private static Retry retry(String name, int attempts) {
        return Retry.of(name, RetryConfig.custom().maxAttempts(attempts).waitDuration(Duration.ofMillis(500)).build());
    }

    static Bulkhead bulkhead(String name) {
        return Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(Settings.BULKHEAD)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    private static RateLimiter rateLimiter(String name) {
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(Settings.PERMITS)
                .limitRefreshPeriod(Duration.ofMillis(Settings.PERIOD_MILLIS))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Benchmark
    public int breaker() {
        return breaker.get();
    }

    @Benchmark
    public int retry() {
        return retry.get();
    }

    @Benchmark
    public int bulkhead() {
        return bulkhead.get();
    }

    @Benchmark
    public int rateLimiter() {
        return rateLimiter.get();
    }

    @Benchmark
    public int stack() {
        return stack.get();
    }

    @Benchmark
    public int breakerFailure() {
        return failing(breakerFailure);
    }

    @Benchmark
    public int retryFailure() {
        return failing(retryFailure);
    }

    @Benchmark
    public int bulkheadFailure() {
        return failing(bulkheadFailure);
    }

    @Benchmark
    public int rateLimiterFailure() {
        return failing(rateLimiterFailure);
    }

    @Benchmark
    public int stackFailure() {
        return failing(stackFailure);
    }

    private static int failing(Supplier<Integer> call) {
        try {
            return call.get();
        } catch (Failure expected) {
            return -1;
        }
    }
}
