package dev.bulwark.agent.config;

/**
 * One setting of a policy: its key in bulwark.yaml ({@code failure-rate-threshold}), its name on the
 * annotation and in the rule ({@code failureRateThreshold}), and how its value is written.
 */
public record Attribute(String key, String name, ValueType type) {
}
