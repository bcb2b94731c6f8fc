package dev.bulwark.bootstrap.policy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last N outcomes: a ring of outcome codes and one packed aggregate. Each record swaps its
 * code into a slot and adds (new - old) to the aggregate in one atomic add, so every outcome is
 * added once and removed once and the aggregate always settles to the ring's contents.
 */
final class CountWindow implements SlidingWindow {
    private static final int PRESENT = 1;
    private static final int FAILURE = 2;
    private static final int SLOW = 4;

    private final AtomicIntegerArray slots;
    /** Counts every record; the breaker shares it across its windows as its count of recorded calls. */
    private final AtomicLong cursor;
    private final AtomicLong aggregate = new AtomicLong();
    private final int size;
    // Volatile rather than final: a configuration reload retunes a live window.
    private volatile int minimumCalls;
    private volatile float failureThreshold;
    private volatile float slowThreshold;

    CountWindow(int size, int minimumCalls, float failureThreshold, float slowThreshold) {
        this(new AtomicLong(), size, minimumCalls, failureThreshold, slowThreshold);
    }

    /**
     * A window whose cursor starts wherever {@code cursor} stands: a ring may start at any slot, and
     * the cursor then keeps counting the calls the owner records, so it needs no counter of its own.
     */
    CountWindow(AtomicLong cursor, int size, int minimumCalls, float failureThreshold, float slowThreshold) {
        this.cursor = cursor;
        this.size = size;
        this.slots = new AtomicIntegerArray(size);
        this.minimumCalls = minimumCalls;
        this.failureThreshold = failureThreshold;
        this.slowThreshold = slowThreshold;
    }

    @Override
    public boolean record(boolean failure, boolean slow) {
        int code = PRESENT | (failure ? FAILURE : 0) | (slow ? SLOW : 0);
        int slot = (int) Long.remainderUnsigned(cursor.getAndIncrement(), size);
        long now;
        if (slots.get(slot) == code) {
            // The steady state: an outcome replaces one like it. Nothing changes, so two atomic
            // writes are saved; the judgement below reads the aggregate as it stands.
            now = aggregate.get();
        } else {
            int old = slots.getAndSet(slot, code);
            long delta = packed(code) - packed(old);
            now = delta == 0 ? aggregate.get() : aggregate.getAndAdd(delta) + delta;
        }
        return Outcomes.trips(Outcomes.calls(now), Outcomes.failures(now), Outcomes.slowCalls(now),
                minimumCalls, failureThreshold, slowThreshold);
    }

    private static long packed(int code) {
        return code == 0 ? 0 : Outcomes.of((code & FAILURE) != 0, (code & SLOW) != 0);
    }

    /** The packed aggregate: calls, failures and slow calls of one instant. */
    long snapshot() {
        return aggregate.get();
    }

    /** Recounts the ring; equals {@link #snapshot()} once no record is in flight. For tests. */
    long recount() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += packed(slots.get(i));
        }
        return sum;
    }

    @Override
    public void retune(int minimumCalls, float failureThreshold, float slowThreshold) {
        this.minimumCalls = minimumCalls;
        this.failureThreshold = failureThreshold;
        this.slowThreshold = slowThreshold;
    }

    @Override
    public int bufferedCalls() {
        return Math.max(0, Outcomes.calls(aggregate.get()));
    }

    @Override
    public float failureRate() {
        long s = aggregate.get();
        return Outcomes.rate(Outcomes.failures(s), Outcomes.calls(s), minimumCalls);
    }

    @Override
    public float slowCallRate() {
        long s = aggregate.get();
        return Outcomes.rate(Outcomes.slowCalls(s), Outcomes.calls(s), minimumCalls);
    }
}
