package dev.bulwark.bootstrap.policy;

/**
 * Three counts (calls, failures, slow calls) packed into one long as signed 21-bit fields, so a
 * window can change all three with a single atomic add. A field may go briefly negative while
 * racing records settle; decoding sign-extends each field, so the sum stays exact.
 */
final class Outcomes {
    static final int FIELD_BITS = 21;
    /** The largest count a field holds. */
    static final int MAX_FIELD = (1 << (FIELD_BITS - 1)) - 1;

    static final long ONE_CALL = 1L;
    static final long ONE_FAILURE = 1L << FIELD_BITS;
    static final long ONE_SLOW = 1L << (2 * FIELD_BITS);

    private static final int SHIFT = Long.SIZE - FIELD_BITS;

    private Outcomes() {
    }

    /** The packed delta of one call. */
    static long of(boolean failure, boolean slow) {
        return ONE_CALL + (failure ? ONE_FAILURE : 0) + (slow ? ONE_SLOW : 0);
    }

    static int calls(long packed) {
        return (int) ((packed << SHIFT) >> SHIFT);
    }

    static int failures(long packed) {
        long rest = (packed - calls(packed)) >> FIELD_BITS;
        return (int) ((rest << SHIFT) >> SHIFT);
    }

    static int slowCalls(long packed) {
        long rest = (packed - calls(packed)) >> FIELD_BITS;
        return (int) ((rest - ((rest << SHIFT) >> SHIFT)) >> FIELD_BITS);
    }

    /** Percent, or -1 when fewer than {@code minimumCalls} calls were counted. */
    static float rate(long part, long calls, int minimumCalls) {
        return calls < minimumCalls || calls <= 0 ? -1f : part * 100f / calls;
    }

    /** The breaker's rule: enough calls, and either rate at or above its threshold. */
    static boolean trips(long calls, long failures, long slow, int minimumCalls, float failureThreshold,
            float slowThreshold) {
        return calls >= minimumCalls && calls > 0
                && (failures * 100f / calls >= failureThreshold || slow * 100f / calls >= slowThreshold);
    }
}
