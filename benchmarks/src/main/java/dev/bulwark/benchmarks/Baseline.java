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
import org.openjdk.jmh.annotations.Threads;

/**
 * The bare call every other figure is compared with: the same method bodies, no policy, no agent.
 * "Added ns/op" in RESULTS.md is a benchmark's score minus the bare score of its path and threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class Baseline {
    private GuardedService service;

    @Setup
    public void setUp() {
        AgentCheck.requireNoAgent();
        service = new GuardedService();
    }

    @Benchmark
    public int bare() {
        return service.bare();
    }

    /** The failure path's baseline: throw the preallocated exception and catch it. */
    @Benchmark
    public int bareFailure() {
        try {
            return service.bareFailure();
        } catch (Failure expected) {
            return -1;
        }
    }

    @Benchmark
    @Threads(2)
    public int bare2Threads() {
        return service.bare();
    }

    @Benchmark
    @Threads(4)
    public int bare4Threads() {
        return service.bare();
    }
}
