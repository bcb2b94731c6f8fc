package dev.bulwark.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the building blocks of every policy cost on the machine of the run, one thread, no agent: the
 * prices that "Where the time goes" in RESULTS.md adds up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class Primitives {
    private final AtomicLong atomic = new AtomicLong();
    private final LongAdder adder = new LongAdder();

    /** One clock read: Bulwark reads the clock at least twice per guarded call. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** One uncontended atomic read-modify-write (a lock-prefixed instruction). */
    @Benchmark
    public long atomicIncrement() {
        return atomic.incrementAndGet();
    }

    /** One uncontended LongAdder increment: a CAS on its base. */
    @Benchmark
    public void longAdderIncrement() {
        adder.increment();
    }
}
