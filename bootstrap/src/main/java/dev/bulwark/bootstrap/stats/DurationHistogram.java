package dev.bulwark.bootstrap.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, recorded without locks and without allocation (striped
 * adders), read by the telemetry exporter at export time. The OpenTelemetry semantic conventions
 * advise different buckets for database and for HTTP client durations ({@link #DB_BOUNDS_NANOS},
 * {@link #HTTP_BOUNDS_NANOS}); durations are counted at the finer grain of both together, so that one
 * histogram can be read with either.
 */
public final class DurationHistogram {
    private static final long MS = 1_000_000L;

    /** Database client and connection-pool durations: 1, 5, 10, 50, 100, 500 ms, 1, 5, 10 s (inclusive upper bounds). */
    public static final long[] DB_BOUNDS_NANOS = {MS, 5 * MS, 10 * MS, 50 * MS, 100 * MS, 500 * MS, 1_000 * MS,
        5_000 * MS, 10_000 * MS};

    /** HTTP client request durations: 5, 10, 25, 50, 75, 100, 250, 500, 750 ms, 1, 2.5, 5, 7.5, 10 s. */
    public static final long[] HTTP_BOUNDS_NANOS = {5 * MS, 10 * MS, 25 * MS, 50 * MS, 75 * MS, 100 * MS, 250 * MS,
        500 * MS, 750 * MS, 1_000 * MS, 2_500 * MS, 5_000 * MS, 7_500 * MS, 10_000 * MS};

    /** The database buckets, the default of {@link #bucketCounts()}. */
    public static final long[] BOUNDS_NANOS = DB_BOUNDS_NANOS;

    /** Both sets of bounds together, sorted: each set above is a subset of it. */
    private static final long[] FINE_BOUNDS_NANOS = {MS, 5 * MS, 10 * MS, 25 * MS, 50 * MS, 75 * MS, 100 * MS,
        250 * MS, 500 * MS, 750 * MS, 1_000 * MS, 2_500 * MS, 5_000 * MS, 7_500 * MS, 10_000 * MS};

    private final LongAdder[] counts = new LongAdder[FINE_BOUNDS_NANOS.length + 1];
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
        while (i < FINE_BOUNDS_NANOS.length && n > FINE_BOUNDS_NANOS[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(n);
    }

    /** How many durations fell in each bucket of {@link #DB_BOUNDS_NANOS}; one more entry than the bounds. */
    public long[] bucketCounts() {
        return bucketCounts(DB_BOUNDS_NANOS);
    }

    /**
     * How many durations fell in each bucket of {@code bounds}, one more entry than {@code bounds}.
     *
     * @param bounds {@link #DB_BOUNDS_NANOS}, {@link #HTTP_BOUNDS_NANOS}, or any other ascending subset of their union
     * @throws IllegalArgumentException when a bound is not one that durations are counted at
     */
    public long[] bucketCounts(long[] bounds) {
        for (int b = 0; b < bounds.length; b++) {
            if (!isFineBound(bounds[b]) || (b > 0 && bounds[b] <= bounds[b - 1])) {
                throw new IllegalArgumentException("bucket bounds " + java.util.Arrays.toString(bounds)
                        + " must ascend and each be one of " + java.util.Arrays.toString(FINE_BOUNDS_NANOS));
            }
        }
        long[] out = new long[bounds.length + 1];
        int b = 0;
        for (int i = 0; i < counts.length; i++) {
            // fine bucket i ends at FINE_BOUNDS_NANOS[i] (the last has no end): it belongs to the first coarse
            // bucket that ends there or later
            while (b < bounds.length && (i == FINE_BOUNDS_NANOS.length || bounds[b] < FINE_BOUNDS_NANOS[i])) {
                b++;
            }
            out[b] += counts[i].sum();
        }
        return out;
    }

    private static boolean isFineBound(long nanos) {
        for (long f : FINE_BOUNDS_NANOS) {
            if (f == nanos) {
                return true;
            }
        }
        return false;
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
