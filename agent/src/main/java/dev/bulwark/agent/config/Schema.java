package dev.bulwark.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What each key path of bulwark.yaml means. Every setting, whether it came from the file, an
 * environment overlay, a system property or an environment variable, is resolved here, so all of
 * them get the same checks and the same messages.
 */
public final class Schema {
    public static final List<String> SECTIONS = List.of("defaults", "circuit-breakers", "retries", "bulkheads",
            "rate-limiters", "timeouts", "methods", "jdbc", "http", "messaging", "environments");
    /** Sections that later releases fill; this one already reads and checks them. */
    public static final List<String> TARGETS = List.of("jdbc", "http", "messaging");
    public static final List<String> TARGET_KEYS = List.of("enabled");

    private Schema() {
    }

    /** What a setting means. */
    public sealed interface Key {
    }

    /** {@code defaults.<type>.<attribute>}, or just naming a kind with nothing under it. */
    public record DefaultKey(PolicyType type, Attribute attribute) implements Key {
    }

    /** {@code <section>.<name>.<attribute>}; attribute null when the setting only names the policy. */
    public record InstanceKey(PolicyType type, String name, Attribute attribute) implements Key {
    }

    /**
     * {@code methods.<pattern>.<type>}: with a plain value that is the name of a policy defined in its
     * section; with {@code {}} or nothing, that policy with default settings; with an attribute, one
     * setting of the method's own policy.
     */
    public record MethodKey(MethodPattern pattern, PolicyType type, Attribute attribute) implements Key {
    }

    /** {@code jdbc.enabled} and its siblings; setting null when the section is empty. */
    public record TargetKey(String target, String setting) implements Key {
    }

    /** A section with nothing in it. */
    public record EmptyKey() implements Key {
    }

    /** A key path that means nothing, with the message that says so. */
    public static final class Unknown extends Exception {
        private static final long serialVersionUID = 1L;

        Unknown(String message) {
            super(message, null, false, false);
        }
    }

    public static Key resolve(Setting s) throws Unknown {
        List<String> p = s.path();
        if (p.isEmpty()) {
            throw new Unknown("the file must be a mapping of sections");
        }
        String section = p.get(0);
        if (!SECTIONS.contains(section)) {
            throw unknown(p, 0, SECTIONS);
        }
        boolean empty = s.raw() == Setting.EMPTY || s.raw() == null;
        if (p.size() == 1) {
            if (!empty) {
                throw new Unknown(section + " must be a mapping, not " + describe(s.raw()));
            }
            return new EmptyKey();
        }
        switch (section) {
            case "defaults" -> {
                PolicyType type = PolicyType.byKey(p.get(1));
                if (type == null) {
                    throw unknown(p, 1, policyKeys());
                }
                if (p.size() == 2) {
                    return mapping(s, empty, new DefaultKey(type, null), "the default settings of every " + type.key());
                }
                return new DefaultKey(type, attribute(p, 2, type));
            }
            case "methods" -> {
                MethodPattern pattern;
                try {
                    pattern = MethodPattern.parse(p.get(1));
                } catch (IllegalArgumentException e) {
                    throw new Unknown("methods: " + e.getMessage());
                }
                if (p.size() == 2) {
                    throw new Unknown(KeyPath.format(p) + " must name at least one policy: circuit-breaker:, retry: "
                            + "or bulkhead:");
                }
                PolicyType type = PolicyType.byKey(p.get(2));
                if (type == null) {
                    throw unknown(p, 2, policyKeys());
                }
                if (p.size() == 3) {
                    if (s.raw() instanceof List) {
                        throw new Unknown(KeyPath.format(p) + " must be the name of a " + type.key() + " defined under "
                                + type.section() + ", or a mapping of its settings, not a list");
                    }
                    return new MethodKey(pattern, type, null);
                }
                return new MethodKey(pattern, type, attribute(p, 3, type));
            }
            case "environments" -> throw new Unknown("environments may only appear at the top level of the file");
            default -> {
                if (TARGETS.contains(section)) {
                    String key = p.get(1);
                    if (!TARGET_KEYS.contains(key)) {
                        throw new Unknown("unknown key " + KeyPath.format(p) + "." + Suggestions.didYouMean(key,
                                TARGET_KEYS) + " This release reads only " + section + ".enabled; the " + section
                                + " settings arrive with " + section + " guarding");
                    }
                    if (p.size() > 2) {
                        throw new Unknown(KeyPath.format(p.subList(0, 2)) + " is a plain value, it has no keys under it");
                    }
                    return new TargetKey(section, key);
                }
                PolicyType type = PolicyType.bySection(section);
                if (p.size() == 2) {
                    return mapping(s, empty, new InstanceKey(type, p.get(1), null), "the settings of " + type.key()
                            + " '" + p.get(1) + "'");
                }
                return new InstanceKey(type, p.get(1), attribute(p, 2, type));
            }
        }
    }

    private static Key mapping(Setting s, boolean empty, Key key, String what) throws Unknown {
        if (!empty) {
            throw new Unknown(KeyPath.format(s.path()) + " must be a mapping of " + what + ", not "
                    + describe(s.raw()));
        }
        return key;
    }

    private static Attribute attribute(List<String> p, int index, PolicyType type) throws Unknown {
        String key = p.get(index);
        Attribute a = type.attributeByKey(key);
        if (a == null) {
            List<String> keys = new ArrayList<>();
            type.attributes().forEach(x -> keys.add(x.key()));
            throw unknown(p, index, keys);
        }
        if (p.size() > index + 1) {
            throw new Unknown(KeyPath.format(p.subList(0, index + 1)) + " is a plain value, it has no keys under it");
        }
        return a;
    }

    private static List<String> policyKeys() {
        List<String> keys = new ArrayList<>();
        for (PolicyType t : PolicyType.values()) {
            keys.add(t.key());
        }
        return keys;
    }

    private static Unknown unknown(List<String> p, int index, List<String> allowed) {
        String where = index == 0 ? "at the top level" : "under " + KeyPath.format(p.subList(0, index));
        return new Unknown("unknown key '" + p.get(index) + "' " + where + "."
                + Suggestions.didYouMean(p.get(index), allowed) + " Allowed: " + String.join(", ", allowed));
    }

    static String describe(Object raw) {
        if (raw instanceof List) {
            return "a list";
        }
        return "the value '" + raw + "'";
    }
}
