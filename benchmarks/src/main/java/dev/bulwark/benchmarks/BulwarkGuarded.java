package dev.bulwark.benchmarks;

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
 * Bulwark as users get it: the real agent jar attached to the fork, guarding the annotated methods
 * of {@link GuardedService} (an application class, loaded and transformed like any other).
 *
 * <p>Failure benchmarks call a method that always throws the preallocated {@link Failure} and catch
 * it; each measures what the policy does with a failed call that it lets through:
 * <ul>
 *   <li>{@code breakerFailure}: record a failure in a CLOSED breaker (time window, minimum calls never
 *       reached, so it never opens and never rejects);
 *   <li>{@code retryFailure}: maxAttempts = 1, so the retry decides not to retry and rethrows;
 *   <li>{@code bulkheadFailure}, {@code rateLimiterFailure}: take the permit, release it on the
 *       exceptional exit (the rate limiter just spends a permit);
 *   <li>{@code stackFailure}: all three of the above in one call.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT})
public class BulwarkGuarded {
    private GuardedService service;

    @Setup
    public void setUp() {
        AgentCheck.requireAgent();
        service = new GuardedService();
    }

    /** An unannotated method with the agent attached: the agent must cost it nothing. */
    @Benchmark
    public int bare() {
        return service.bare();
    }

    @Benchmark
    public int breaker() {
        return service.breaker();
    }

    @Benchmark
    public int retry() {
        return service.retry();
    }

    @Benchmark
    public int bulkhead() {
        return service.bulkhead();
    }

    @Benchmark
    public int rateLimiter() {
        return service.rateLimiter();
    }

    @Benchmark
    public int stack() {
        return service.stack();
    }

    @Benchmark
    public int bareFailure() {
        try {
            return service.bareFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    public int breakerFailure() {
        try {
            return service.breakerFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    public int retryFailure() {
        try {
            return service.retryFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    public int bulkheadFailure() {
        try {
            return service.bulkheadFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    public int rateLimiterFailure() {
        try {
            return service.rateLimiterFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    public int stackFailure() {
        try {
            return service.stackFailure();
        } catch (Failure expected) {
            return -1;
        }
    }
}
