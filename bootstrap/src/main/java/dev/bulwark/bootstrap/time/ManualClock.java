package dev.bulwark.bootstrap.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that only moves when told to, for exact tests. {@link #sleep} advances it at once;
 * {@link #parkUntil} blocks until {@link #advance} reaches the deadline or the thread is unparked.
 */
public final class ManualClock implements Clock {
    /** An arbitrary fixed instant, so event timestamps are reproducible. */
    private static final long START_WALL_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final AtomicLong nanos = new AtomicLong();
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    private final AtomicLong parkCalls = new AtomicLong();
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    public ManualClock() {
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long wallMillis() {
        return START_WALL_MILLIS + Math.floorDiv(nanos.get(), 1_000_000L);
    }

    /** Records the sleep and advances the clock by it at once. */
    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(nanos);
        advanceNanos(Math.max(0, nanos));
    }

    @Override
    public void parkUntil(long deadlineNanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        // Register before re-checking the time: an advance after the check then unparks us.
        parked.add(me);
        try {
            parkCalls.incrementAndGet();
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (nanos.get() - deadlineNanos < 0) {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        } finally {
            parked.remove(me);
        }
    }

    public void advance(Duration d) {
        advanceNanos(d.toNanos());
    }

    /** Moves the clock forward and wakes every thread in {@link #parkUntil}. */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock only moves forward: advanceNanos(" + nanos + ")");
        }
        this.nanos.addAndGet(nanos);
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    /** The nanos passed to {@link #sleep}, in order. */
    public List<Long> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Threads blocked in {@link #parkUntil} right now; lets a test wait until a thread parks. */
    public int parkedThreads() {
        return parked.size();
    }

    /** How many times {@link #parkUntil} was entered, by any thread. */
    public long parkCalls() {
        return parkCalls.get();
    }

    @Override
    public String toString() {
        return "ManualClock[" + nanos.get() + "ns]";
    }
}
