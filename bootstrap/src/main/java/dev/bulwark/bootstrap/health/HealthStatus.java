package dev.bulwark.bootstrap.health;

import java.util.Map;

/**
 * The health of one subsystem: a breaker, a pool, the exporter. {@code reason} says why it is DOWN
 * (null when UP); {@code data} holds figures for the MicroProfile Health {@code data} object. Nothing
 * here carries a credential: names and reasons pass through {@code Redaction}.
 */
public record HealthStatus(String name, boolean up, String reason, Map<String, Object> data) {
    public HealthStatus {
        data = Map.copyOf(data);
    }

    public static HealthStatus up(String name, Map<String, Object> data) {
        return new HealthStatus(name, true, null, data);
    }

    public static HealthStatus down(String name, String reason, Map<String, Object> data) {
        return new HealthStatus(name, false, reason, data);
    }
}
