package dev.bulwark.bootstrap.time;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The time a policy sees. Policies never read the system clock themselves, so tests can drive
 * them with a {@link ManualClock} and stay exact.
 */
public interface Clock {

    /** Period of the system clock's {@link #coarseNanoTime()} ticker. */
    long COARSE_TICK_NANOS = 10_000_000L;

    /** Monotonic nanoseconds; only differences mean anything. */
    long nanoTime();

    /**
     * {@link #nanoTime()} as it was at most about {@link #COARSE_TICK_NANOS} ago (more while Bulwark's
     * timer thread waits for a core), never ahead of it: a memory read where a clock read costs tens
     * of nanoseconds. For durations long enough that such an error does not matter. Exact by default.
     */
    default long coarseNanoTime() {
        return nanoTime();
    }

    /** Milliseconds since the epoch, for event timestamps only. */
    long wallMillis();

    /** Waits {@code nanos} (retry backoff). */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Blocks until {@code nanoTime() >= deadlineNanos} or until {@code LockSupport.unpark} of the
     * calling thread. May return early for no reason: callers loop and re-check.
     */
    void parkUntil(long deadlineNanos) throws InterruptedException;

    /**
     * Runs {@code task} once, {@code delayNanos} from now, on a thread of Bulwark's (never the
     * caller's). Cancelling the returned future before it runs keeps it from running.
     */
    default Future<?> schedule(Runnable task, long delayNanos) {
        return Scheduler.INSTANCE.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} soon on a worker thread of Bulwark's, never on the caller's: how the next
     * attempt of an asynchronous call starts. A {@link ManualClock} runs it at once, for exact tests.
     */
    default void execute(Runnable task) {
        Scheduler.INSTANCE.workers().execute(task);
    }

    /** The JVM's clocks. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
