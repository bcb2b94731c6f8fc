package dev.bulwark.agent.config;

/**
 * The {@code telemetry:} section, checked.
 *
 * @param exportIntervalNanos 0 when the file sets none: the SDK's own default (60 s, or
 *     {@code OTEL_METRIC_EXPORT_INTERVAL}) applies
 */
public record TelemetrySettings(boolean enabled, long exportIntervalNanos, boolean runtimeMetrics, boolean eventLogs,
        boolean healthEndpoint, int healthPort, String healthAddress) {

    public static final TelemetrySettings DEFAULTS = TelemetryKey.settings(java.util.Map.of());
}
