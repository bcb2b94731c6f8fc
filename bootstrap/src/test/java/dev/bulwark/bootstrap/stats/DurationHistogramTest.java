package dev.bulwark.bootstrap.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationHistogramTest {
    private static final long MS = 1_000_000L;

    @Test
    void oneHistogramReadsInTheDatabaseBucketsAndInTheHttpBuckets() {
        DurationHistogram h = new DurationHistogram();
        h.record(MS);          // db (0, 1 ms]      http (0, 5 ms]
        h.record(20 * MS);     // db (10, 50 ms]    http (10, 25 ms]
        h.record(60 * MS);     // db (50, 100 ms]   http (50, 75 ms]
        h.record(2_000 * MS);  // db (1, 5 s]       http (1, 2.5 s]
        h.record(11_000 * MS); // above 10 s in both
        assertArrayEquals(new long[] {1, 0, 0, 1, 1, 0, 0, 1, 0, 1}, h.bucketCounts());
        assertArrayEquals(new long[] {1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1},
                h.bucketCounts(DurationHistogram.HTTP_BOUNDS_NANOS));
        assertEquals(5, h.count());
        assertEquals(13_081 * MS, h.sumNanos());
    }

    @Test
    void aBoundIsInclusiveAndANegativeDurationCountsAsZero() {
        DurationHistogram h = new DurationHistogram();
        h.record(5 * MS);
        h.record(5 * MS + 1);
        h.record(-3);
        assertArrayEquals(new long[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, h.bucketCounts());
        assertArrayEquals(new long[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                h.bucketCounts(DurationHistogram.HTTP_BOUNDS_NANOS));
        assertEquals(5 * MS * 2 + 1, h.sumNanos());
    }

    @Test
    void boundsThatDurationsAreNotCountedAtAreRefusedNamingTheAllowedOnes() {
        DurationHistogram h = new DurationHistogram();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.bucketCounts(new long[] {2 * MS}));
        assertTrue(e.getMessage().contains("[2000000] must ascend and each be one of [1000000, 5000000"),
                e::getMessage);
    }
}
