package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Limits concurrent calls. Two ever-growing counts, permits taken and permits given back, make the
 * calls in flight (their difference); taking one is a CAS on the first, giving it back a CAS on the
 * second, so an uncontended acquire/release takes no lock, allocates nothing, and the permits taken
 * are the permitted-calls statistic at no extra cost. A call over the limit may wait, parked on the
 * clock, in a queue of waiters that every release wakes from its head.
 */
public final class Bulkhead {
    private final String name;
    private volatile BulkheadRules rules;
    private final Clock clock;
    private final EventBus events;
    /** Permits ever taken: {@link #permittedCalls()}. */
    private final AtomicLong acquired = new AtomicLong();
    /** Permits ever given back; never more than were taken. */
    private final AtomicLong released = new AtomicLong();
    /** The limit in force: the rules' maximum, or what the adaptive limit makes of it. */
    private final AtomicInteger limit;
    private volatile AdaptiveLimit adaptive;
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    /** Asynchronous calls waiting for a permit, each woken once on Bulwark's worker: see {@link #onNextRelease}. */
    private final ConcurrentLinkedQueue<Runnable> releaseListeners = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder rejectedCalls = new LongAdder();

    public Bulkhead(String name, BulkheadRules rules, Clock clock, EventBus events) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Kept for symmetry with the other policies; rejections are published by the caller.
        this.events = Objects.requireNonNull(events, "events");
        this.limit = new AtomicInteger(rules.maxConcurrentCalls());
        this.adaptive = rules.adaptive() ? new AdaptiveLimit(name, rules.adaptiveRules()) : null;
    }

    public String name() {
        return name;
    }

    public BulkheadRules rules() {
        return rules;
    }

    /**
     * Applies new rules to the live bulkhead: calls that hold a permit keep it; a lower limit
     * admits nobody new until enough of them have returned theirs.
     */
    public synchronized void reconfigure(BulkheadRules next) {
        Objects.requireNonNull(next, "rules");
        BulkheadRules previous = rules;
        rules = next;
        if (!next.adaptive()) {
            adaptive = null;
            adjustLimit(next.maxConcurrentCalls());
        } else if (previous.adaptive() && adaptive != null) {
            adaptive.reconfigure(next.adaptiveRules());
            adjustLimit(adaptive.limit());
        } else {
            adaptive = new AdaptiveLimit(name, next.adaptiveRules());
            adjustLimit(adaptive.limit());
        }
    }

    /**
     * Gives back a permit and, for an adaptive bulkhead, reports how the call went: its round-trip
     * time, and whether it was dropped (timed out), which tells of overload.
     */
    public void release(long rttNanos, boolean dropped) {
        release();
        AdaptiveLimit a = adaptive;
        if (a != null) {
            adjustLimit(a.onSample(rttNanos, concurrentCalls() + 1, dropped));
        }
    }

    /** Moves the limit in force; a lower limit admits nobody new until enough calls have returned. */
    private void adjustLimit(int next) {
        for (;;) {
            int current = limit.get();
            if (current == next) {
                return;
            }
            if (limit.compareAndSet(current, next)) {
                if (concurrentCalls() < next) {
                    wakeHead();
                }
                return;
            }
        }
    }

    /** The limit in force now; for an adaptive bulkhead it moves. */
    public int limit() {
        return limit.get();
    }

    /** The adaptive limit, or null for a fixed one. */
    public AdaptiveLimit adaptiveLimit() {
        return adaptive;
    }

    /**
     * Takes a permit, waiting up to maxWaitDuration as measured by the clock. False when none came
     * in time or the thread was interrupted while waiting (the interrupt flag is then set again).
     */
    public boolean tryAcquire() {
        if (tryTake()) {
            return true;
        }
        if (rules.maxWaitDurationNanos() == 0) {
            rejectedCalls.increment();
            return false;
        }
        return await();
    }

    /**
     * Takes a permit if one is free now, never waiting: an asynchronous call waits with
     * {@link #onNextRelease} instead, and counts its refusal with {@link #countRejected()}.
     */
    public boolean tryAcquireNow() {
        return tryTake();
    }

    /** Counts a call refused a permit after {@link #tryAcquireNow()} and, perhaps, a wait of its own. */
    public void countRejected() {
        rejectedCalls.increment();
    }

    /**
     * Runs {@code wake} once, on a Bulwark worker, after a permit is given back (at once if one is free
     * now): the waiting call then tries {@link #tryAcquireNow()} again, and registers again if it lost.
     */
    public void onNextRelease(Runnable wake) {
        releaseListeners.add(wake);
        // Registered before this check, so a release after it finds the listener: no wake-up is lost.
        passWakeUp();
    }

    /** An asynchronous call starts waiting for a permit: it counts in {@link #waitingCalls()} until {@link #asyncWaitEnded()}. */
    public void asyncWaitStarted() {
        waiting.incrementAndGet();
    }

    public void asyncWaitEnded() {
        waiting.decrementAndGet();
    }

    /** Forgets {@code wake}; false when it was already woken (it then runs, and must {@link #passWakeUp()}). */
    public boolean cancelOnNextRelease(Runnable wake) {
        return releaseListeners.remove(wake);
    }

    /** Wakes the next waiter if a permit is free: for a waiter woken after it stopped waiting. */
    public void passWakeUp() {
        if (concurrentCalls() < limit.get()) {
            wakeHead();
        }
    }

    private boolean tryTake() {
        for (;;) {
            // Taken read first: the CAS below confirms it, and a given-back count read later is only
            // higher, so the room is never overstated. (Read the other way round, a thread preempted
            // between the two reads would see every permit taken since as still held.)
            long taken = acquired.get();
            long back = released.get();
            if (taken - back >= limit.get()) {
                return false;
            }
            if (acquired.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    private boolean await() {
        long start = clock.nanoTime();
        long maxWait = rules.maxWaitDurationNanos();
        Thread me = Thread.currentThread();
        boolean acquired = false;
        // Queued before the next try, so a release after that try finds us and unparks us.
        waiters.add(me);
        waiting.incrementAndGet();
        try {
            for (;;) {
                if (tryTake()) {
                    acquired = true;
                    return true;
                }
                // Elapsed time, not a deadline comparison: no overflow for huge waits.
                if (clock.nanoTime() - start >= maxWait) {
                    return false;
                }
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                try {
                    clock.parkUntil(start + maxWait);
                } catch (InterruptedException e) {
                    me.interrupt();
                    return false;
                }
            }
        } finally {
            waiters.remove(me);
            waiting.decrementAndGet();
            if (!acquired) {
                rejectedCalls.increment();
            }
            // A release may have unparked us while we were leaving, or freed more than one permit:
            // pass the wake-up on so a free permit never sits beside a parked waiter.
            if (concurrentCalls() < limit.get()) {
                wakeHead();
            }
        }
    }

    public void release() {
        for (;;) {
            long back = released.get();
            // A release without an acquire must not raise the limit.
            if (back >= acquired.get()) {
                return;
            }
            if (released.compareAndSet(back, back + 1)) {
                break;
            }
        }
        wakeHead();
    }

    private void wakeHead() {
        Thread head = waiters.peek();
        if (head != null) {
            LockSupport.unpark(head);
        }
        if (!releaseListeners.isEmpty()) {
            Runnable listener = releaseListeners.poll();
            if (listener != null) {
                clock.execute(listener);
            }
        }
    }

    /** Calls holding a permit now. */
    public int concurrentCalls() {
        // Taken first, as in tryTake: at worst an understatement, which only wakes a waiter for nothing.
        long taken = acquired.get();
        return (int) Math.max(0, taken - released.get());
    }

    /** Calls waiting for a permit now. */
    public int waitingCalls() {
        return waiting.get();
    }

    public long permittedCalls() {
        return acquired.get();
    }

    public long rejectedCalls() {
        return rejectedCalls.sum();
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", " + concurrentCalls() + "/" + limit.get() + "]";
    }
}
