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
 * Several threads through one breaker or one bulkhead (a policy belongs to its method, so every
 * thread shares it), with the agent attached. Scores are ns/op as each thread sees it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.AGENT})
public class BulwarkContention {
    private GuardedService service;

    @Setup
    public void setUp() {
        AgentCheck.requireAgent();
        service = new GuardedService();
    }

    @Benchmark
    @Threads(2)
    public int breaker2Threads() {
        return service.breaker();
    }

    @Benchmark
    @Threads(4)
    public int breaker4Threads() {
        return service.breaker();
    }

    @Benchmark
    @Threads(2)
    public int bulkhead2Threads() {
        return service.bulkhead();
    }

    @Benchmark
    @Threads(4)
    public int bulkhead4Threads() {
        return service.bulkhead();
    }
}
