package dev.bulwark.bootstrap.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
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
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long taskSequence;

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

    /**
     * Moves the clock forward, running each scheduled task that falls due on the way (at its due
     * time, in order, on this thread), and wakes every thread in {@link #parkUntil}.
     */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock only moves forward: advanceNanos(" + nanos + ")");
        }
        long target = this.nanos.get() + nanos;
        for (Task due = nextDue(target); due != null; due = nextDue(target)) {
            this.nanos.accumulateAndGet(due.due, Math::max);
            due.run();
        }
        this.nanos.accumulateAndGet(target, Math::max);
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    /** Runs {@code task} at once, on the calling thread. */
    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /** Runs {@code task} when an {@link #advance} reaches {@code delayNanos} from now. */
    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        synchronized (tasks) {
            Task t = new Task(nanos.get() + Math.max(0, delayNanos), taskSequence++, task);
            tasks.add(t);
            return t;
        }
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public int pendingTasks() {
        synchronized (tasks) {
            return (int) tasks.stream().filter(t -> !t.isDone()).count();
        }
    }

    private Task nextDue(long target) {
        synchronized (tasks) {
            Task head = tasks.peek();
            if (head == null || head.due - target > 0) {
                return null;
            }
            return tasks.poll();
        }
    }

    private static final class Task extends FutureTask<Void> implements Comparable<Task> {
        final long due;
        final long sequence;

        Task(long due, long sequence, Runnable task) {
            super(task, null);
            this.due = due;
            this.sequence = sequence;
        }

        @Override
        public int compareTo(Task o) {
            int byDue = Long.compare(due, o.due);
            return byDue != 0 ? byDue : Long.compare(sequence, o.sequence);
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
