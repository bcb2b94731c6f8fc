package dev.bulwark.agent.config;

import dev.bulwark.bootstrap.pool.PoolSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The keys under {@code jdbc.pool:}, each with its type and the pool setting it feeds. */
public enum PoolKey {
    ENABLED("enabled", ValueType.BOOLEAN),
    MIN_IDLE("min-idle", ValueType.WHOLE_NUMBER),
    MAX_SIZE("max-size", ValueType.WHOLE_NUMBER),
    ACQUIRE_TIMEOUT("acquire-timeout", ValueType.DURATION),
    IDLE_TIMEOUT("idle-timeout", ValueType.DURATION),
    MAX_LIFETIME("max-lifetime", ValueType.DURATION),
    KEEPALIVE("keepalive", ValueType.DURATION),
    VALIDATE_AFTER_IDLE("validate-after-idle", ValueType.DURATION),
    VALIDATION_TIMEOUT("validation-timeout", ValueType.DURATION),
    LEAK_DETECTION_THRESHOLD("leak-detection-threshold", ValueType.DURATION);

    private final String key;
    private final ValueType type;

    PoolKey(String key, ValueType type) {
        this.key = key;
        this.type = type;
    }

    public String key() {
        return key;
    }

    public ValueType type() {
        return type;
    }

    public static PoolKey byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst().orElse(null);
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PoolKey::key).toList();
    }

    /** Pool settings from the given values over Bulwark's defaults; throws InvalidRuleException when out of range. */
    public static PoolSettings settings(Map<PoolKey, Object> values) {
        PoolSettings d = PoolSettings.DEFAULTS;
        return new PoolSettings(
                (Integer) values.getOrDefault(MIN_IDLE, d.minIdle()),
                (Integer) values.getOrDefault(MAX_SIZE, d.maxSize()),
                (Long) values.getOrDefault(ACQUIRE_TIMEOUT, d.acquireTimeoutNanos()),
                (Long) values.getOrDefault(IDLE_TIMEOUT, d.idleTimeoutNanos()),
                (Long) values.getOrDefault(MAX_LIFETIME, d.maxLifetimeNanos()),
                (Long) values.getOrDefault(KEEPALIVE, d.keepaliveNanos()),
                (Long) values.getOrDefault(VALIDATE_AFTER_IDLE, d.validateAfterIdleNanos()),
                (Long) values.getOrDefault(VALIDATION_TIMEOUT, d.validationTimeoutNanos()),
                (Long) values.getOrDefault(LEAK_DETECTION_THRESHOLD, d.leakThresholdNanos()));
    }
}
