package dev.bulwark.bootstrap.balance;

/**
 * When passive outlier ejection takes an endpoint out of a service and for how long.
 *
 * @param consecutiveFailures failures in a row that eject an endpoint
 * @param baseEjectionNanos   time out of service after a first ejection; the n-th ejection lasts n times this
 * @param maxEjectionNanos    the longest an ejection lasts, however often the endpoint was ejected
 * @param maxEjectedPercent   at most this share of the endpoints is out at once (rounded down), and never all
 */
public record OutlierRules(int consecutiveFailures, long baseEjectionNanos, long maxEjectionNanos,
        int maxEjectedPercent) {
    /** 5 failures in a row, 30s growing to at most 300s, at most half of the endpoints. */
    public static OutlierRules defaults() {
        return new OutlierRules(5, 30_000_000_000L, 300_000_000_000L, 50);
    }

    public OutlierRules {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, not " + consecutiveFailures);
        }
        if (baseEjectionNanos <= 0 || maxEjectionNanos < baseEjectionNanos) {
            throw new IllegalArgumentException("ejection times must be positive, the maximum at least the base");
        }
        if (maxEjectedPercent < 0 || maxEjectedPercent > 100) {
            throw new IllegalArgumentException("maxEjectedPercent must be 0 to 100, not " + maxEjectedPercent);
        }
    }
}
