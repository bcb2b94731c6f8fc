package dev.bulwark.bootstrap.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, recorded without locks and without allocation (striped
 * adders), read by the telemetry exporter at export time. Buckets are those the OpenTelemetry
 * semantic conventions advise for database and HTTP client durations, in seconds: 1 ms, 5 ms, 10 ms,
 * 50 ms, 100 ms, 500 ms, 1 s, 5 s, 10 s, and above.
 */
public final class DurationHistogram {
    /** Upper bounds (inclusive) of every bucket but the last, in nanoseconds. */
    public static final long[] BOUNDS_NANOS = {1_000_000L, 5_000_000L, 10_000_000L, 50_000_000L, 100_000_000L,
        500_000_000L, 1_000_000_000L, 5_000_000_000L, 10_000_000_000L};

    private final LongAdder[] counts = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public DurationHistogram() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one duration; a negative one (a clock that went back) counts as zero. */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && n > BOUNDS_NANOS[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(n);
    }

    /** How many durations fell in each bucket; one more entry than {@link #BOUNDS_NANOS}. */
    public long[] bucketCounts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].sum();
        }
        return out;
    }

    public long count() {
        long total = 0;
        for (LongAdder c : counts) {
            total += c.sum();
        }
        return total;
    }

    public long sumNanos() {
        return sumNanos.sum();
    }
}
