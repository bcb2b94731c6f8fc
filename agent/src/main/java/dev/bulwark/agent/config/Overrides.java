package dev.bulwark.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings given as system properties ({@code -Dbulwark.retries.payments.max-attempts=5}) or
 * environment variables ({@code BULWARK_RETRIES_PAYMENTS_MAX_ATTEMPTS=5}). Both turn into the
 * same key paths as the file, so they are checked by the same rules.
 *
 * <p>An environment variable cannot say where a name ends ({@code _} stands for {@code .}, {@code -}
 * and {@code _} alike), so its policy name or method pattern is matched against those the file
 * defines; a new name is read in lower case with {@code -} for {@code _}. The sections whose keys
 * nest ({@code http}, {@code jdbc}, {@code messaging}, ...) are read by {@link SectionVariables}.
 */
public final class Overrides {
    /** Agent settings that share the prefix but are not rules. */
    static final Set<String> AGENT_KEYS = Set.of("config", "environment", "config.strict", "config.reload-interval",
            "debug");

    private Overrides() {
    }

    public static List<Setting> fromSystemProperties(Properties properties, List<ConfigError> errors) {
        List<Setting> settings = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("bulwark.")) {
                sorted.put(name, properties.getProperty(name));
            }
        }
        sorted.forEach((name, value) -> {
            String key = name.substring("bulwark.".length());
            if (AGENT_KEYS.contains(key)) {
                return;
            }
            Origin origin = Origin.systemProperty(name);
            List<String> path = splitProperty(key);
            if (path == null) {
                errors.add(new ConfigError(origin, "does not name a Bulwark setting; write it as bulwark.<key path>, "
                        + "such as bulwark.retries.payments.max-attempts"));
            } else {
                settings.add(new Setting(path, value, origin));
            }
        });
        return settings;
    }

    /** Splits from the right where names may hold dots: {@code circuit-breakers.a.b.failure-rate-threshold}. */
    static List<String> splitProperty(String key) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            return key.isEmpty() ? null : List.of(key);
        }
        String section = key.substring(0, dot);
        String rest = key.substring(dot + 1);
        PolicyType instances = PolicyType.bySection(section);
        if (instances != null) {
            int last = rest.lastIndexOf('.');
            return last <= 0 ? List.of(section, rest) : List.of(section, rest.substring(0, last), rest.substring(last + 1));
        }
        if (section.equals("methods")) {
            int last = rest.lastIndexOf('.');
            if (last <= 0) {
                return List.of(section, rest);
            }
            String tail = rest.substring(last + 1);
            String head = rest.substring(0, last);
            if (PolicyType.byKey(tail) != null) {
                return List.of(section, head, tail);
            }
            int second = head.lastIndexOf('.');
            return second <= 0 ? List.of(section, head, tail)
                    : List.of(section, head.substring(0, second), head.substring(second + 1), tail);
        }
        // Host patterns, database patterns and queue names may hold dots.
        for (List<String> named : NAMED) {
            String head = String.join(".", named.subList(1, named.size())) + ".";
            if (section.equals(named.get(0)) && rest.startsWith(head)) {
                return fromTheRight(named, rest.substring(head.length()));
            }
        }
        List<String> path = new ArrayList<>();
        path.add(section);
        path.addAll(List.of(rest.split("\\.", -1)));
        return path;
    }

    /** Where a name that may hold dots comes next in a key path. */
    private static final List<List<String>> NAMED = List.of(List.of("http", "hosts"), List.of("jdbc", "databases"),
            List.of("messaging", "rabbitmq", "queues"));

    /**
     * {@code http.hosts.api.example.com.retry.max-attempts}: the name holds dots, so what follows it is
     * read from the right, as a policy and its setting, a policy alone, or one of a host's own settings.
     */
    private static List<String> fromTheRight(List<String> before, String rest) {
        List<String> path = new ArrayList<>(before);
        int last = rest.lastIndexOf('.');
        if (last > 0 && before.get(1).equals("hosts") && Schema.HTTP_SERVER_KEYS.contains(rest.substring(last + 1))) {
            path.addAll(List.of(rest.substring(0, last), rest.substring(last + 1)));
            return path;
        }
        if (last > 0 && PolicyType.byKey(rest.substring(last + 1)) != null) {
            path.addAll(List.of(rest.substring(0, last), rest.substring(last + 1)));
            return path;
        }
        int second = last <= 0 ? -1 : rest.lastIndexOf('.', last - 1);
        if (second > 0 && PolicyType.byKey(rest.substring(second + 1, last)) != null) {
            path.addAll(List.of(rest.substring(0, second), rest.substring(second + 1, last), rest.substring(last + 1)));
            return path;
        }
        path.addAll(List.of(rest.split("\\.", -1)));
        return path;
    }

    /**
     * @param known the key paths the file defines, to recover names and patterns from upper case
     */
    public static List<Setting> fromEnvironment(Map<String, String> environment, Collection<List<String>> known,
            List<ConfigError> errors) {
        List<Setting> settings = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(environment);
        sorted.forEach((name, value) -> {
            if (!name.startsWith("BULWARK_")) {
                return;
            }
            String rest = name.substring("BULWARK_".length());
            for (String agentKey : AGENT_KEYS) {
                if (rest.equals(normal(agentKey))) {
                    return;
                }
            }
            Origin origin = Origin.environmentVariable(name);
            try {
                settings.add(new Setting(splitVariable(rest, known), value, origin));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(origin, e.getMessage()));
            }
        });
        return settings;
    }

    static List<String> splitVariable(String rest, Collection<List<String>> known) {
        for (String section : Schema.SECTIONS) {
            String prefix = normal(section) + "_";
            if (!rest.startsWith(prefix)) {
                continue;
            }
            String tail = rest.substring(prefix.length());
            if (SectionVariables.reads(section)) {
                return SectionVariables.split(section, tail, known);
            }
            PolicyType type = PolicyType.bySection(section);
            if (type != null) {
                // Attributes may end alike (WAIT_DURATION, MAX_WAIT_DURATION): a split that names a policy of
                // the file wins, else the longest attribute.
                String name = null;
                Attribute attribute = null;
                for (Attribute a : type.attributes()) {
                    String suffix = "_" + normal(a.key());
                    if (tail.endsWith(suffix) && tail.length() > suffix.length()) {
                        String upper = tail.substring(0, tail.length() - suffix.length());
                        String defined = definedName(upper, known, section);
                        if (defined != null) {
                            return List.of(section, defined, a.key());
                        }
                        if (attribute == null || a.key().length() > attribute.key().length()) {
                            name = upper;
                            attribute = a;
                        }
                    }
                }
                if (attribute != null) {
                    return List.of(section, lower(name), attribute.key());
                }
                throw new IllegalArgumentException("does not end in a setting of " + section + " (such as _"
                        + normal(type.attributes().get(0).key()) + ")");
            }
            if (section.equals("methods")) {
                for (PolicyType t : PolicyType.values()) {
                    for (Attribute a : t.attributes()) {
                        String suffix = "_" + normal(t.key()) + "_" + normal(a.key());
                        if (tail.endsWith(suffix)) {
                            return List.of(section, knownPattern(tail.substring(0, tail.length() - suffix.length()),
                                    known), t.key(), a.key());
                        }
                    }
                    String suffix = "_" + normal(t.key());
                    if (tail.endsWith(suffix)) {
                        return List.of(section, knownPattern(tail.substring(0, tail.length() - suffix.length()), known),
                                t.key());
                    }
                }
                throw new IllegalArgumentException("does not end in a policy (_CIRCUIT_BREAKER, _RETRY, _BULKHEAD) "
                        + "or one of its settings");
            }
            throw new IllegalArgumentException("environments cannot be set from environment variables");
        }
        List<String> sections = new ArrayList<>();
        Schema.SECTIONS.forEach(s -> sections.add(normal(s)));
        String first = rest.contains("_") ? rest.substring(0, rest.indexOf('_')) : rest;
        throw new IllegalArgumentException("does not start with a section of bulwark.yaml."
                + Suggestions.didYouMean(first, sections) + " Allowed after BULWARK_: " + String.join(", ", sections));
    }

    /** The name of the file that reads as {@code upper} in a variable, or null. */
    private static String definedName(String upper, Collection<List<String>> known, String section) {
        Set<String> names = new LinkedHashSet<>();
        for (List<String> path : known) {
            if (path.size() >= 2 && path.get(0).equals(section)) {
                names.add(path.get(1));
            }
        }
        for (String n : names) {
            if (normal(n).equals(upper)) {
                return n;
            }
        }
        return null;
    }

    private static String knownPattern(String upper, Collection<List<String>> known) {
        for (List<String> path : known) {
            if (path.size() >= 2 && path.get(0).equals("methods") && normal(path.get(1)).equals(upper)) {
                return path.get(1);
            }
        }
        throw new IllegalArgumentException("names no method pattern of the file (an environment variable cannot "
                + "spell dots and #); set it with a system property, such as "
                + "-Dbulwark.methods.com.acme.Orders#place.retry.max-attempts=5");
    }

    /** What a key looks like in an environment variable: upper case, {@code _} for anything else. */
    static String normal(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    private static String lower(String upper) {
        return upper.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
