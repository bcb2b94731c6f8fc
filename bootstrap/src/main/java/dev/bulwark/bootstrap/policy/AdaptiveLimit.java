package dev.bulwark.bootstrap.policy;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrency limit that adjusts itself from observed latency, the way TCP Vegas sizes its
 * window. The lowest round-trip time seen stands for the dependency without load; a slower call
 * means calls queue there, about {@code limit * (1 - noLoadRtt / rtt)} of them. Few queued: the
 * limit grows by one; many: it shrinks by one; a dropped call (timeout, rejection) shrinks it at once.
 *
 * <p>Limit and no-load RTT share one {@link AtomicLong}, so a sample reads and replaces them
 * together with one CAS: no lock, no allocation. A sample that loses the CAS decides again on the
 * state that won, so no sample is lost and the counters stay exact.
 */
public final class AdaptiveLimit {
    private static final int LIMIT_BITS = 20;
    private static final long LIMIT_MASK = (1L << LIMIT_BITS) - 1;
    /** No RTT seen yet; also caps a stored RTT at about 4.9 hours, far beyond any call. */
    private static final long NO_RTT = (1L << (64 - LIMIT_BITS)) - 1;

    private final String name;
    // Volatile: a configuration reload swaps it while calls run.
    private volatile AdaptiveLimitRules rules;
    // noLoadRtt << 20 | limit
    private final AtomicLong state;
    private final LongAdder increases = new LongAdder();
    private final LongAdder decreases = new LongAdder();

    public AdaptiveLimit(String name, AdaptiveLimitRules rules) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.state = new AtomicLong(pack(rules.initialLimit(), NO_RTT));
    }

    public String name() {
        return name;
    }

    public AdaptiveLimitRules rules() {
        return rules;
    }

    /** Applies new rules; the limit moves into the new bounds at once, the no-load RTT stays. */
    public synchronized void reconfigure(AdaptiveLimitRules next) {
        Objects.requireNonNull(next, "rules");
        rules = next;
        for (;;) {
            long s = state.get();
            int limit = limitOf(s);
            int clamped = Math.max(next.minLimit(), Math.min(next.maxLimit(), limit));
            if (clamped == limit || state.compareAndSet(s, pack(clamped, rttOf(s)))) {
                return;
            }
        }
    }

    /**
     * One finished call: its round-trip time and how many calls were in flight when it started.
     * {@code dropped}: it failed by timeout or rejection, a sign of overload, so the limit shrinks.
     * A non-positive RTT of a call that was not dropped carries no information and is ignored.
     *
     * @return the limit after this sample
     */
    public int onSample(long rttNanos, int inFlight, boolean dropped) {
        if (!dropped && rttNanos <= 0) {
            return limit();
        }
        AdaptiveLimitRules r = rules;
        long rtt = Math.min(rttNanos, NO_RTT - 1);
        for (;;) {
            long s = state.get();
            int limit = limitOf(s);
            long noLoadRtt = rttOf(s);
            int next;
            if (dropped) {
                // A rejection's RTT is near 0 and a timeout's is the timeout: neither is the no-load RTT.
                next = limit - dropStep(limit);
            } else {
                noLoadRtt = Math.min(noLoadRtt, rtt);
                double queue = limit * (1 - (double) noLoadRtt / rtt);
                if (queue < r.alpha()) {
                    // Growing a limit that calls do not reach would only let a later burst through unchecked.
                    next = 2L * inFlight >= limit ? limit + 1 : limit;
                } else if (queue > r.beta()) {
                    next = limit - 1;
                } else {
                    next = limit;
                }
            }
            next = Math.max(r.minLimit(), Math.min(r.maxLimit(), next));
            if (state.compareAndSet(s, pack(next, noLoadRtt))) {
                if (next > limit) {
                    increases.increment();
                } else if (next < limit) {
                    decreases.increment();
                }
                return next;
            }
        }
    }

    /** Shrinks faster from high limits: 1 below 100, 2 below 1000, and so on. */
    private static int dropStep(int limit) {
        return Math.max(1, (int) Math.log10(limit));
    }

    /**
     * Forgets the lowest RTT seen, so the next sample sets it again. For when the dependency's own
     * latency has moved for good (a new region, a new version): the old minimum would keep the limit low.
     */
    public void resetNoLoadRtt() {
        for (;;) {
            long s = state.get();
            if (state.compareAndSet(s, pack(limitOf(s), NO_RTT))) {
                return;
            }
        }
    }

    public int limit() {
        return limitOf(state.get());
    }

    /** The lowest RTT seen since the start or the last reset; 0 before the first sample. */
    public long noLoadRttNanos() {
        long rtt = rttOf(state.get());
        return rtt == NO_RTT ? 0 : rtt;
    }

    public long increases() {
        return increases.sum();
    }

    public long decreases() {
        return decreases.sum();
    }

    private static long pack(int limit, long rtt) {
        return rtt << LIMIT_BITS | limit;
    }

    private static int limitOf(long state) {
        return (int) (state & LIMIT_MASK);
    }

    private static long rttOf(long state) {
        return state >>> LIMIT_BITS;
    }

    @Override
    public String toString() {
        return "AdaptiveLimit[" + name + ", limit " + limit() + ", no-load RTT " + RuleValues.duration(noLoadRttNanos())
                + "]";
    }
}
