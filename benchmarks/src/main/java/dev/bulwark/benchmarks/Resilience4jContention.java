package dev.bulwark.benchmarks;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
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
import org.openjdk.jmh.annotations.Threads;

/** {@link BulwarkContention} with Resilience4j's breaker and bulkhead, shared by every thread, no agent. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class Resilience4jContention {
    private Supplier<Integer> breaker;
    private Supplier<Integer> breakerLockFree;
    private Supplier<Integer> bulkhead;

    @Setup
    public void setUp() {
        AgentCheck.requireNoAgent();
        GuardedService service = new GuardedService();
        breaker = CircuitBreaker.decorateSupplier(Resilience4jDecorated.breaker("contended"), service::bare);
        breakerLockFree = CircuitBreaker.decorateSupplier(
                Resilience4jDecorated.breaker("contended-lock-free", SlidingWindowSynchronizationStrategy.LOCK_FREE),
                service::bare);
        bulkhead = Bulkhead.decorateSupplier(Resilience4jDecorated.bulkhead("contended"), service::bare);
    }

    @Benchmark
    @Threads(2)
    public int breaker2Threads() {
        return breaker.get();
    }

    @Benchmark
    @Threads(4)
    public int breaker4Threads() {
        return breaker.get();
    }

    /** The same breaker with Resilience4j's opt-in LOCK_FREE window (its default is SYNCHRONIZED). */
    @Benchmark
    @Threads(2)
    public int breakerLockFree2Threads() {
        return breakerLockFree.get();
    }

    @Benchmark
    @Threads(4)
    public int breakerLockFree4Threads() {
        return breakerLockFree.get();
    }

    @Benchmark
    @Threads(2)
    public int bulkhead2Threads() {
        return bulkhead.get();
    }

    @Benchmark
    @Threads(4)
    public int bulkhead4Threads() {
        return bulkhead.get();
    }
}
