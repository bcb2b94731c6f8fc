package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcomes of the last N seconds: one packed bucket per second (bucket of second s at index
 * s % N) and one aggregate per count. The thread that moves {@code lastSecond} forward empties the
 * buckets that fell out of the window and subtracts what it took, so aggregates and buckets agree.
 */
final class TimeWindow implements SlidingWindow {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final long startNanos;
    private final int size;
    private final AtomicLongArray buckets;
    private final AtomicLong lastSecond = new AtomicLong();
    // Separate longs: a window of many seconds can hold more calls than one packed field.
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowCalls = new AtomicLong();
    // Volatile rather than final: a configuration reload retunes a live window.
    private volatile int minimumCalls;
    private volatile float failureThreshold;
    private volatile float slowThreshold;

    TimeWindow(Clock clock, int size, int minimumCalls, float failureThreshold, float slowThreshold) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.size = size;
        this.buckets = new AtomicLongArray(size);
        this.minimumCalls = minimumCalls;
        this.failureThreshold = failureThreshold;
        this.slowThreshold = slowThreshold;
    }

    @Override
    public boolean record(boolean failure, boolean slow) {
        long second = roll();
        // A bucket's fields never go negative; a bucket holds at most Outcomes.MAX_FIELD calls per second.
        // A record that races the roll of its own bucket may be dropped together with it; counts stay consistent.
        buckets.getAndAdd((int) (second % size), Outcomes.of(failure, slow));
        long c = calls.incrementAndGet();
        long f = failure ? failures.incrementAndGet() : failures.get();
        long s = slow ? slowCalls.incrementAndGet() : slowCalls.get();
        return Outcomes.trips(c, f, s, minimumCalls, failureThreshold, slowThreshold);
    }

    /** Moves the window to the clock's current second; returns the second to record into. */
    private long roll() {
        // Coarse: which one-second bucket a call falls in may be off by a tick; a clock read per call is not.
        long now = Math.max(0, (clock.coarseNanoTime() - startNanos) / NANOS_PER_SECOND);
        long last = lastSecond.get();
        while (now > last) {
            if (lastSecond.compareAndSet(last, now)) {
                // Seconds last+1..now are new; their buckets still hold seconds that left the window.
                for (long s = Math.max(last + 1, now - size + 1); s <= now; s++) {
                    long taken = buckets.getAndSet((int) (s % size), 0);
                    if (taken != 0) {
                        calls.addAndGet(-Outcomes.calls(taken));
                        failures.addAndGet(-Outcomes.failures(taken));
                        slowCalls.addAndGet(-Outcomes.slowCalls(taken));
                    }
                }
                return now;
            }
            last = lastSecond.get();
        }
        // Another thread may already be in a later second: record there, never into an emptied past.
        return last;
    }

    @Override
    public void retune(int minimumCalls, float failureThreshold, float slowThreshold) {
        this.minimumCalls = minimumCalls;
        this.failureThreshold = failureThreshold;
        this.slowThreshold = slowThreshold;
    }

    @Override
    public int bufferedCalls() {
        roll();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, calls.get()));
    }

    @Override
    public float failureRate() {
        roll();
        return Outcomes.rate(failures.get(), calls.get(), minimumCalls);
    }

    @Override
    public float slowCallRate() {
        roll();
        return Outcomes.rate(slowCalls.get(), calls.get(), minimumCalls);
    }
}
