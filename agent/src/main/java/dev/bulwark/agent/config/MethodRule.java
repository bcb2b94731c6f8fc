package dev.bulwark.agent.config;

import java.util.Map;

/**
 * One {@code methods:} entry: for each policy type it names, either a reference to a named policy,
 * its own settings, or both (the settings then apply over the named policy's).
 */
public record MethodRule(MethodPattern pattern, Map<PolicyType, String> references,
        Map<PolicyType, Map<String, Value>> settings) {

    public boolean guards(PolicyType type) {
        return references.containsKey(type) || settings.containsKey(type);
    }
}
