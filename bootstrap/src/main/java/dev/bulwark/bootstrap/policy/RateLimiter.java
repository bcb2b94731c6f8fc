package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most limitForPeriod permits in any interval of one limitRefreshPeriod, as the clock reads it.
 * The period is cut into {@value #BUCKETS} buckets; a ring of one slot more holds each live
 * bucket's count, tagged with the bucket's sequence number, and one {@link AtomicLong} holds their
 * sum. Memory is the same for a limit of 1 or a million, and a permit costs a CAS on the sum and
 * one on its bucket: no lock, no allocation.
 *
 * <p>A permit counts until {@value #BUCKETS} + 1 bucket boundaries have passed: for more than one
 * period and at most 21/20 of one. The limiter errs on the strict side, so no interval of one
 * period ever holds more than the limit.
 */
public final class RateLimiter {
    static final int BUCKETS = 20;

    private final String name;
    private final Clock clock;
    // Volatile: a configuration reload swaps them while calls run.
    private volatile RateLimiterRules rules;
    private volatile Window window;
    private final LongAdder permittedCalls = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();

    public RateLimiter(String name, RateLimiterRules rules, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = new Window(clock.nanoTime(), rules.limitRefreshPeriodNanos());
    }

    public String name() {
        return name;
    }

    public RateLimiterRules rules() {
        return rules;
    }

    /**
     * Applies new rules to the live limiter. With the same period the permits already taken keep
     * counting against the new limit; a new period starts an empty window, because buckets of the
     * old width cannot be mapped onto the new ones.
     */
    public synchronized void reconfigure(RateLimiterRules next) {
        Objects.requireNonNull(next, "rules");
        if (next.limitRefreshPeriodNanos() != rules.limitRefreshPeriodNanos()) {
            window = new Window(clock.nanoTime(), next.limitRefreshPeriodNanos());
        }
        rules = next;
    }

    /**
     * Takes a permit, waiting up to timeoutDuration as measured by the clock. False when none came
     * in time or the thread was interrupted while waiting (the interrupt flag is then set again).
     */
    public boolean tryAcquire() {
        if (window.tryTake(clock.nanoTime(), rules.limitForPeriod())) {
            permittedCalls.increment();
            return true;
        }
        if (rules.timeoutDurationNanos() == 0) {
            rejectedCalls.increment();
            return false;
        }
        return await();
    }

    /**
     * Takes a permit if one is free now, never waiting: an asynchronous call waits on Bulwark's timer
     * instead, and counts its refusal with {@link #countRejected()} once it gives up.
     */
    public boolean tryAcquireNow() {
        if (window.tryTake(clock.nanoTime(), rules.limitForPeriod())) {
            permittedCalls.increment();
            return true;
        }
        return false;
    }

    /** Counts a call refused a permit after {@link #tryAcquireNow()} and, perhaps, a wait of its own. */
    public void countRejected() {
        rejectedCalls.increment();
    }

    private boolean await() {
        long start = clock.nanoTime();
        long timeout = rules.timeoutDurationNanos();
        boolean acquired = false;
        try {
            for (;;) {
                Window w = window;
                int limit = rules.limitForPeriod();
                long now = clock.nanoTime();
                if (w.tryTake(now, limit)) {
                    acquired = true;
                    return true;
                }
                // Elapsed time, not a deadline comparison: no overflow for huge timeouts.
                long waited = now - start;
                if (waited >= timeout || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                // No queue to be woken from: permits come back with time, so each waiter parks until
                // the next one frees and then competes for it.
                long park = Math.min(w.nanosUntilNextPermit(now, limit), timeout - waited);
                try {
                    clock.parkUntil(now + park);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        } finally {
            (acquired ? permittedCalls : rejectedCalls).increment();
        }
    }

    /** Nanos until a permit frees up if one were asked for now; 0 if one is free. */
    public long nanosUntilNextPermit() {
        return window.nanosUntilNextPermit(clock.nanoTime(), rules.limitForPeriod());
    }

    /** Permits that could be taken right now. */
    public int availablePermits() {
        return window.available(clock.nanoTime(), rules.limitForPeriod());
    }

    public long permittedCalls() {
        return permittedCalls.sum();
    }

    public long rejectedCalls() {
        return rejectedCalls.sum();
    }

    /** Slots in the current ring, for tests: fixed, whatever the limit. */
    int ringSlots() {
        return window.ring.length();
    }

    @Override
    public String toString() {
        RateLimiterRules r = rules;
        return "RateLimiter[" + name + ", " + (r.limitForPeriod() - availablePermits()) + "/" + r.limitForPeriod()
                + " per " + RuleValues.duration(r.limitRefreshPeriodNanos()) + "]";
    }

    /**
     * One period's worth of buckets. Bucket {@code e} covers clock readings
     * {@code [start + e*width, start + (e+1)*width)} and lives in slot {@code e % (n+1)} while
     * {@code e >= current - n}: the n+1 live buckets never share a slot.
     */
    private static final class Window {
        private static final int COUNT_BITS = 21;
        private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

        private final long startNanos;
        private final long bucketNanos;
        private final int buckets;
        // Each slot: bucket sequence number << 21 | permits in it. 43 bits of sequence last 13 years
        // even at the shortest period (1ms / 20 = 50us per bucket).
        private final AtomicLongArray ring;
        // Permits in live buckets, plus those between taking the sum and landing in their bucket.
        private final AtomicLong inWindow = new AtomicLong();

        Window(long startNanos, long periodNanos) {
            this.startNanos = startNanos;
            this.buckets = (int) Math.min(BUCKETS, periodNanos);
            // Rounded up, so n buckets cover at least one period: a permit never leaves early.
            this.bucketNanos = periodNanos / buckets + (periodNanos % buckets == 0 ? 0 : 1);
            this.ring = new AtomicLongArray(buckets + 1);
        }

        private long bucketAt(long now) {
            // A reading older than the window (a reload raced this thread) counts in its first bucket.
            return Math.max(0, (now - startNanos) / bucketNanos);
        }

        boolean tryTake(long now, int limit) {
            long current = bucketAt(now);
            retireBefore(current - buckets);
            for (;;) {
                long c = inWindow.get();
                if (c >= limit) {
                    return false;
                }
                if (inWindow.compareAndSet(c, c + 1)) {
                    break;
                }
            }
            // Until the next line lands, the sum holds one permit no bucket does: stricter, never looser.
            record(current);
            return true;
        }

        private void record(long bucket) {
            int slot = (int) (bucket % ring.length());
            for (;;) {
                long v = ring.get(slot);
                long tag = v >>> COUNT_BITS;
                if (tag == bucket) {
                    if (ring.compareAndSet(slot, v, v + 1)) {
                        return;
                    }
                } else if (tag < bucket) {
                    // The slot still holds the bucket n+1 before ours, long dead: whoever claims the
                    // slot takes that bucket's permits out of the sum.
                    if (ring.compareAndSet(slot, v, bucket << COUNT_BITS | 1)) {
                        inWindow.addAndGet(-(v & COUNT_MASK));
                        return;
                    }
                } else {
                    // Our clock reading is more than a period older than another thread's: our bucket
                    // has already left the window, and the permit leaves with it.
                    inWindow.decrementAndGet();
                    return;
                }
            }
        }

        /** Empties each slot older than {@code oldestLive}; the CAS winner subtracts, so exactly once. */
        private void retireBefore(long oldestLive) {
            for (int slot = 0; slot < ring.length(); slot++) {
                for (;;) {
                    long v = ring.get(slot);
                    long count = v & COUNT_MASK;
                    if (count == 0 || (v >>> COUNT_BITS) >= oldestLive) {
                        break;
                    }
                    // The tag stays: a late permit for that bucket then lands in a dead slot and is retired too.
                    if (ring.compareAndSet(slot, v, v & ~COUNT_MASK)) {
                        inWindow.addAndGet(-count);
                        break;
                    }
                }
            }
        }

        int available(long now, int limit) {
            retireBefore(bucketAt(now) - buckets);
            return (int) Math.max(0, limit - inWindow.get());
        }

        long nanosUntilNextPermit(long now, int limit) {
            long current = bucketAt(now);
            retireBefore(current - buckets);
            // More than one must leave after a reload lowered the limit.
            long mustLeave = inWindow.get() - limit + 1;
            if (mustLeave <= 0) {
                return 0;
            }
            long leaving = 0;
            for (long b = Math.max(0, current - buckets); b <= current; b++) {
                long v = ring.get((int) (b % ring.length()));
                if ((v >>> COUNT_BITS) == b) {
                    leaving += v & COUNT_MASK;
                }
                if (leaving >= mustLeave) {
                    return untilBucket(b + buckets + 1, now);
                }
            }
            // Only permits still on their way into a bucket are left: look again at the next boundary.
            return untilBucket(current + 1, now);
        }

        /** Nanos from {@code now} until bucket {@code b} begins; saturates for absurdly long periods. */
        private long untilBucket(long b, long now) {
            long intoWindow = now - startNanos;
            long bucketsAhead = b - Math.max(0, intoWindow / bucketNanos);
            long intoBucket = intoWindow - Math.max(0, intoWindow / bucketNanos) * bucketNanos;
            if (bucketsAhead > Long.MAX_VALUE / 2 / bucketNanos) {
                return Long.MAX_VALUE / 2;
            }
            return Math.max(0, bucketsAhead * bucketNanos - intoBucket);
        }
    }
}
