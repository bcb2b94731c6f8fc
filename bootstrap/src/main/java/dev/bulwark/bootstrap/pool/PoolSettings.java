package dev.bulwark.bootstrap.pool;

import dev.bulwark.bootstrap.policy.InvalidRuleException;

/**
 * How a connection pool behaves; durations in nanoseconds, 0 meaning "off" where the key allows it.
 * Refusals name the {@code jdbc.pool} keys, the only place users write these.
 *
 * @param minIdle                idle connections kept ready (never more than {@code maxSize})
 * @param maxSize                connections open at most, idle and in use together
 * @param acquireTimeoutNanos    longest a borrower waits for a connection before it is refused
 * @param idleTimeoutNanos       an idle connection beyond {@code minIdle} is closed after this; 0 never
 * @param maxLifetimeNanos       a connection is retired at this age (when idle); 0 never
 * @param keepaliveNanos         an idle connection is validated this often, so firewalls and servers do not
 *                               drop it silently; 0 never
 * @param validateAfterIdleNanos a connection idle longer than this is validated before it is handed out
 * @param validationTimeoutNanos longest a validation may take (whole seconds for {@code isValid})
 * @param leakThresholdNanos     a connection held longer than this is reported with its borrower's stack; 0 off
 */
public record PoolSettings(int minIdle, int maxSize, long acquireTimeoutNanos, long idleTimeoutNanos,
        long maxLifetimeNanos, long keepaliveNanos, long validateAfterIdleNanos, long validationTimeoutNanos,
        long leakThresholdNanos) {

    private static final long SECOND = 1_000_000_000L;

    /** Bulwark's defaults: HikariCP's, which have served a great many applications well. */
    public static final PoolSettings DEFAULTS = new PoolSettings(0, 10, 30 * SECOND, 600 * SECOND,
            1800 * SECOND, 120 * SECOND, SECOND / 2, 5 * SECOND, 0);

    public PoolSettings {
        if (maxSize < 1 || maxSize > 10_000) {
            throw new InvalidRuleException("max-size", maxSize, "1 to 10000");
        }
        if (minIdle < 0 || minIdle > maxSize) {
            throw new InvalidRuleException("min-idle", minIdle, "0 to max-size (" + maxSize + ")");
        }
        if (acquireTimeoutNanos < 1_000_000L) {
            throw new InvalidRuleException("acquire-timeout", acquireTimeoutNanos + "ns", "at least 1ms");
        }
        if (idleTimeoutNanos < 0) {
            throw new InvalidRuleException("idle-timeout", idleTimeoutNanos + "ns", "0 (never) or a positive duration");
        }
        if (maxLifetimeNanos < 0) {
            throw new InvalidRuleException("max-lifetime", maxLifetimeNanos + "ns", "0 (never) or a positive duration");
        }
        if (keepaliveNanos < 0) {
            throw new InvalidRuleException("keepalive", keepaliveNanos + "ns", "0 (never) or a positive duration");
        }
        if (validateAfterIdleNanos < 0) {
            throw new InvalidRuleException("validate-after-idle", validateAfterIdleNanos + "ns",
                    "0 (validate every time) or a positive duration");
        }
        if (validationTimeoutNanos < SECOND) {
            throw new InvalidRuleException("validation-timeout", validationTimeoutNanos + "ns",
                    "at least 1s (Connection.isValid takes whole seconds)");
        }
        if (leakThresholdNanos < 0) {
            throw new InvalidRuleException("leak-detection-threshold", leakThresholdNanos + "ns",
                    "0 (off) or a positive duration");
        }
    }

    /** {@code isValid}'s timeout argument: whole seconds, at least 1 (0 would mean no timeout). */
    public int validationTimeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, validationTimeoutNanos / SECOND));
    }
}
