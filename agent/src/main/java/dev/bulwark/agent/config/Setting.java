package dev.bulwark.agent.config;

import java.util.List;

/**
 * One value at one key path, before it is checked: {@code path} holds the keys from the top
 * ({@code [circuit-breakers, payments, failure-rate-threshold]}); {@code raw} is a String, a List of
 * Strings, {@link #EMPTY} for an empty mapping, or null for no value.
 */
public record Setting(List<String> path, Object raw, Origin origin) {
    /** Stands for {@code {}} or a key with nothing under it: it names something without settings. */
    public static final Object EMPTY = new Object() {
        @Override
        public String toString() {
            return "{}";
        }
    };

    public Setting {
        path = List.copyOf(path);
    }

    public String key() {
        return KeyPath.format(path);
    }

    /** The value as the user wrote it, for messages. */
    public String rawText() {
        if (raw == null) {
            return "(nothing)";
        }
        if (raw instanceof List<?> list) {
            return list.toString();
        }
        return raw.toString();
    }
}
