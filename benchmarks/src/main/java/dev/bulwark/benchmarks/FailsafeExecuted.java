package dev.bulwark.benchmarks;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same policies with Failsafe: one executor per benchmark, built in setup, run without any agent.
 * Failsafe's count-based breaker thresholds are "failures of the last N executions", here 50 of 100;
 * its failure-path breaker is time-based with an execution threshold that is never reached, as for
 * the others. The stack is Failsafe.with(retry, breaker, bulkhead), outermost first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class FailsafeExecuted {
    private CheckedSupplier<Integer> ok;
    private CheckedSupplier<Integer> failing;
    private FailsafeExecutor<Integer> breaker;
    private FailsafeExecutor<Integer> retry;
    private FailsafeExecutor<Integer> bulkhead;
    private FailsafeExecutor<Integer> rateLimiter;
    private FailsafeExecutor<Integer> stack;
    private FailsafeExecutor<Integer> breakerFailure;
    private FailsafeExecutor<Integer> retryFailure;
    private FailsafeExecutor<Integer> bulkheadFailure;
    private FailsafeExecutor<Integer> rateLimiterFailure;
    private FailsafeExecutor<Integer> stackFailure;

    @Setup
    public void setUp() {
        AgentCheck.requireNoAgent();
        GuardedService service = new GuardedService();
        ok = service::bare;
        failing = service::bareFailure;

        breaker = Failsafe.with(newBreaker());
        retry = Failsafe.with(newRetry(Settings.ATTEMPTS));
        bulkhead = Failsafe.with(newBulkhead());
        rateLimiter = Failsafe.with(newRateLimiter());
        stack = Failsafe.with(newRetry(Settings.ATTEMPTS), newBreaker(), newBulkhead());

        breakerFailure = Failsafe.with(newFailureBreaker());
        retryFailure = Failsafe.with(newRetry(1));
        bulkheadFailure = Failsafe.with(newBulkhead());
        rateLimiterFailure = Failsafe.with(newRateLimiter());
        stackFailure = Failsafe.with(newRetry(1), newFailureBreaker(), newBulkhead());
    }

    /** Also shared by {@link FailsafeContention}'s threads. */
    static CircuitBreaker<Integer> newBreaker() {
        return CircuitBreaker.<Integer>builder()
                .withFailureThreshold((int) (Settings.WINDOW * Settings.FAILURE_RATE / 100), Settings.WINDOW)
                .withDelay(Duration.ofSeconds(60))
                .build();
    }

    private static CircuitBreaker<Integer> newFailureBreaker() {
        return CircuitBreaker.<Integer>builder()
                .withFailureRateThreshold(100, Settings.NEVER, Duration.ofSeconds(Settings.FAILURE_WINDOW_SECONDS))
                .build();
    }

    private static RetryPolicy<Integer> newRetry(int attempts) {
        return RetryPolicy.<Integer>builder().withMaxAttempts(attempts).withDelay(Duration.ofMillis(500)).build();
    }

    static Bulkhead<Integer> newBulkhead() {
        return Bulkhead.<Integer>builder(Settings.BULKHEAD).build();
    }

    private static RateLimiter<Integer> newRateLimiter() {
        return RateLimiter.<Integer>burstyBuilder(Settings.PERMITS, Duration.ofMillis(Settings.PERIOD_MILLIS)).build();
    }

    @Benchmark
    public int breaker() {
        return breaker.get(ok);
    }

    @Benchmark
    public int retry() {
        return retry.get(ok);
    }

    @Benchmark
    public int bulkhead() {
        return bulkhead.get(ok);
    }

    @Benchmark
    public int rateLimiter() {
        return rateLimiter.get(ok);
    }

    @Benchmark
    public int stack() {
        return stack.get(ok);
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

    private int failing(FailsafeExecutor<Integer> executor) {
        try {
            return executor.get(failing);
        } catch (Failure expected) {
            return -1;
        }
    }
}
