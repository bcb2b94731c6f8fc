package dev.bulwark.agent.telemetry;

import dev.bulwark.bootstrap.stats.DurationHistogram;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's analogue of an event loop's lag: a task asks to run every {@link #PERIOD_NANOS} and
 * counts how late it actually ran. A loaded CPU, long GC pauses or a starved scheduler all show up
 * here before they show up anywhere else.
 */
final class SchedulingLag implements Runnable {
    static final long PERIOD_NANOS = 100_000_000L;

    private final DurationHistogram lag = new DurationHistogram();
    private final ScheduledExecutorService executor;
    private volatile long dueAt;

    SchedulingLag(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    DurationHistogram histogram() {
        return lag;
    }

    void start() {
        dueAt = System.nanoTime() + PERIOD_NANOS;
        executor.schedule(this, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        lag.record(now - dueAt);
        dueAt = now + PERIOD_NANOS;
        if (!executor.isShutdown()) {
            executor.schedule(this, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
    }
}
