package dev.bulwark.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link BulwarkContention} with Failsafe's breaker and bulkhead (the settings of {@link FailsafeExecuted}),
 * one executor of each shared by every thread, no agent. The bulkhead's 25 permits are never all taken
 * by 4 threads, so no call is rejected.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class FailsafeContention {
    private CheckedSupplier<Integer> ok;
    private FailsafeExecutor<Integer> breaker;
    private FailsafeExecutor<Integer> bulkhead;

    @Setup
    public void setUp() {
        AgentCheck.requireNoAgent();
        GuardedService service = new GuardedService();
        ok = service::bare;
        breaker = Failsafe.with(FailsafeExecuted.newBreaker());
        bulkhead = Failsafe.with(FailsafeExecuted.newBulkhead());
    }

    @Benchmark
    @Threads(2)
    public int breaker2Threads() {
        return breaker.get(ok);
    }

    @Benchmark
    @Threads(4)
    public int breaker4Threads() {
        return breaker.get(ok);
    }

    @Benchmark
    @Threads(2)
    public int bulkhead2Threads() {
        return bulkhead.get(ok);
    }

    @Benchmark
    @Threads(4)
    public int bulkhead4Threads() {
        return bulkhead.get(ok);
    }
}
