package dev.bulwark.bootstrap.balance;

/**
 * Active health checks of a service's endpoints: a GET of {@code path} on each endpoint every
 * {@code interval}; an answer in 2xx within {@code timeout} passes.
 *
 * @param path               the path checked, starting with /
 * @param intervalNanos      time between two checks of one endpoint
 * @param timeoutNanos       how long a check may take, connect and answer together
 * @param healthyThreshold   passes in a row that bring an unhealthy endpoint back
 * @param unhealthyThreshold failures in a row that take a healthy endpoint out
 */
public record HealthCheckRules(String path, long intervalNanos, long timeoutNanos, int healthyThreshold,
        int unhealthyThreshold) {
    /** Every 10s, 2s to answer, 2 passes to come back, 3 failures to go out. */
    public static HealthCheckRules defaults(String path) {
        return new HealthCheckRules(path, 10_000_000_000L, 2_000_000_000L, 2, 3);
    }

    public HealthCheckRules {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /, not " + path);
        }
        if (intervalNanos <= 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("interval and timeout must be more than 0");
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
    }
}
