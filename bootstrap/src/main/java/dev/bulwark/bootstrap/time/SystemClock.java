package dev.bulwark.bootstrap.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@link Clock} backed by {@link System#nanoTime()} and {@link LockSupport}. */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    /** The coarse clock: System.nanoTime() as the ticker last read it. */
    private volatile long tick;
    /** The ticker starts on the first coarse read, so a JVM that never needs one runs no ticker. */
    private volatile boolean ticking;

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long coarseNanoTime() {
        if (!ticking) {
            startTicking();
            return System.nanoTime();
        }
        return tick;
    }

    private synchronized void startTicking() {
        if (ticking) {
            return;
        }
        tick = System.nanoTime();
        // On the timer thread: one wake-up per tick, only in a JVM whose guards read the coarse clock.
        Scheduler.INSTANCE.executor().scheduleAtFixedRate(() -> tick = System.nanoTime(),
                COARSE_TICK_NANOS, COARSE_TICK_NANOS, TimeUnit.NANOSECONDS);
        ticking = true;
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    @Override
    public void parkUntil(long deadlineNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        // Subtraction, not comparison, so a nanoTime that wraps still works.
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0) {
            LockSupport.parkNanos(this, remaining);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public String toString() {
        return "Clock.system()";
    }
}
