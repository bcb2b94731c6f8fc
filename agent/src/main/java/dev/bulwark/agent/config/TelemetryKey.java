package dev.bulwark.agent.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The keys under {@code telemetry:}, each with its default. They are read at start-up; a reload does
 * not change them. The standard {@code OTEL_*} variables and {@code otel.*} properties win over
 * {@code export-interval}, as the OpenTelemetry SDK's autoconfiguration has it.
 */
public enum TelemetryKey {
    ENABLED("enabled", ValueType.BOOLEAN, "true"),
    EXPORT_INTERVAL("export-interval", ValueType.DURATION, "60s"),
    RUNTIME_METRICS("runtime-metrics", ValueType.BOOLEAN, "true"),
    EVENT_LOGS("event-logs", ValueType.BOOLEAN, "true"),
    HEALTH_ENDPOINT("health-endpoint", ValueType.BOOLEAN, "false"),
    HEALTH_PORT("health-port", ValueType.WHOLE_NUMBER, "8558"),
    HEALTH_ADDRESS("health-address", null, "127.0.0.1");

    private final String key;
    private final ValueType type;
    private final String defaultValue;

    TelemetryKey(String key, ValueType type, String defaultValue) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public static TelemetryKey byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst().orElse(null);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(TelemetryKey::key).toList();
    }

    /** The value of {@code raw}; throws IllegalArgumentException that says what is allowed. */
    public Object parse(Object raw) {
        if (this == HEALTH_ADDRESS) {
            if (!(raw instanceof String text) || text.isBlank() || text.trim().contains(" ")) {
                throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: an IP address or host name "
                        + "to bind to, such as 127.0.0.1 (the default) or 0.0.0.0 for every interface");
            }
            return text.trim();
        }
        Object value = type.parse(raw);
        if (this == HEALTH_PORT && ((Integer) value < 0 || (Integer) value > 65535)) {
            throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: a port from 0 to 65535 (0: any "
                    + "free port)");
        }
        if (this == EXPORT_INTERVAL && (Long) value < 100_000_000L) {
            throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: a duration of at least 100ms");
        }
        return value;
    }

    /** Settings from the given values over the defaults. */
    public static TelemetrySettings settings(Map<TelemetryKey, Object> values) {
        Map<TelemetryKey, Object> v = new java.util.EnumMap<>(TelemetryKey.class);
        for (TelemetryKey k : values()) {
            v.put(k, values.containsKey(k) ? values.get(k) : k.parse(k.defaultValue));
        }
        return new TelemetrySettings((Boolean) v.get(ENABLED), values.containsKey(EXPORT_INTERVAL)
                ? (Long) v.get(EXPORT_INTERVAL) : 0L, (Boolean) v.get(RUNTIME_METRICS), (Boolean) v.get(EVENT_LOGS),
                (Boolean) v.get(HEALTH_ENDPOINT), (Integer) v.get(HEALTH_PORT), (String) v.get(HEALTH_ADDRESS));
    }
}
