package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Limits concurrent calls. Free permits live in one {@link AtomicInteger}; taking one is a CAS,
 * so an uncontended acquire/release takes no lock and allocates nothing. A call over the limit
 * may wait, parked on the clock, in a queue of waiters that every release wakes from its head.
 */
public final class Bulkhead {
    private final String name;
    private volatile BulkheadRules rules;
    private final Clock clock;
    private final EventBus events;
    private final AtomicInteger available;
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder permittedCalls = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();

    public Bulkhead(String name, BulkheadRules rules, Clock clock, EventBus events) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Kept for symmetry with the other policies; rejections are published by the caller.
        this.events = Objects.requireNonNull(events, "events");
        this.available = new AtomicInteger(rules.maxConcurrentCalls());
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
        int delta = next.maxConcurrentCalls() - rules.maxConcurrentCalls();
        rules = next;
        if (delta != 0 && available.addAndGet(delta) > 0) {
            wakeHead();
        }
    }

    /**
     * Takes a permit, waiting up to maxWaitDuration as measured by the clock. False when none came
     * in time or the thread was interrupted while waiting (the interrupt flag is then set again).
     */
    public boolean tryAcquire() {
        if (tryTake()) {
            permittedCalls.increment();
            return true;
        }
        if (rules.maxWaitDurationNanos() == 0) {
            rejectedCalls.increment();
            return false;
        }
        return await();
    }

    private boolean tryTake() {
        for (;;) {
            int free = available.get();
            if (free <= 0) {
                return false;
            }
            if (available.compareAndSet(free, free - 1)) {
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
            (acquired ? permittedCalls : rejectedCalls).increment();
            // A release may have unparked us while we were leaving, or freed more than one permit:
            // pass the wake-up on so a free permit never sits beside a parked waiter.
            if (available.get() > 0) {
                wakeHead();
            }
        }
    }

    public void release() {
        for (;;) {
            int free = available.get();
            // A release without an acquire must not raise the limit.
            if (free >= rules.maxConcurrentCalls()) {
                return;
            }
            if (available.compareAndSet(free, free + 1)) {
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
    }

    /** Calls holding a permit now. */
    public int concurrentCalls() {
        return rules.maxConcurrentCalls() - available.get();
    }

    /** Calls waiting for a permit now. */
    public int waitingCalls() {
        return waiting.get();
    }

    public long permittedCalls() {
        return permittedCalls.sum();
    }

    public long rejectedCalls() {
        return rejectedCalls.sum();
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", " + concurrentCalls() + "/" + rules.maxConcurrentCalls() + "]";
    }
}
