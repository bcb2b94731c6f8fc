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
            "rate-limiters", "timeouts", "methods", "jdbc", "http", "messaging", "telemetry", "environments");
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

    /**
     * A JDBC setting: {@code jdbc.retry-sql-states}, {@code jdbc.statement-timeout}; or a policy of
     * the databases, {@code jdbc.defaults.<type>.<attribute>} (pattern null) or
     * {@code jdbc.databases.<pattern>.<type>.<attribute>} (attribute null when only naming the type).
     */
    public record JdbcKey(String setting, String pattern, PolicyType type, Attribute attribute) implements Key {
    }

    /**
     * An HTTP setting: {@code http.failure-status-codes}, {@code http.retry-methods} (pattern null), the
     * same per host ({@code http.hosts.<pattern>.failure-status-codes}); or a policy of the servers,
     * {@code http.defaults.<type>.<attribute>} (pattern null) or
     * {@code http.hosts.<pattern>.<type>.<attribute>} (attribute null when only naming the type).
     */
    public record HttpKey(String setting, String pattern, PolicyType type, Attribute attribute) implements Key {
    }

    /**
     * A setting of a logical service, {@code http.services.<name>.<setting>}: {@code endpoints},
     * {@code strategy}, {@code outlier-ejection.<setting>} or {@code health-check.<setting>}; setting
     * null when only naming the service, its ejection or its health check.
     */
    public record HttpServiceKey(String service, String setting) implements Key {
    }

    /** The settings of a logical service under {@code http.services.<name>}. */
    public static final List<String> HTTP_SERVICE_KEYS = List.of("endpoints", "strategy", "outlier-ejection",
            "health-check");
    /** The settings under {@code http.services.<name>.outlier-ejection}. */
    public static final List<String> OUTLIER_KEYS = List.of("consecutive-failures", "base-ejection-time",
            "max-ejection-time", "max-ejected-percent");
    /** The settings under {@code http.services.<name>.health-check}. */
    public static final List<String> HEALTH_CHECK_KEYS = List.of("path", "interval", "timeout", "healthy-threshold",
            "unhealthy-threshold");

    /** The keys under {@code http:}. */
    public static final List<String> HTTP_KEYS = List.of("enabled", "failure-status-codes", "retry-methods",
            "defaults", "hosts", "services");
    /** The plain settings that both {@code http:} and a host rule may hold. */
    public static final List<String> HTTP_SERVER_KEYS = List.of("failure-status-codes", "retry-methods");

    /** The keys under {@code jdbc:}. */
    public static final List<String> JDBC_KEYS = List.of("enabled", "retry-sql-states", "statement-timeout", "pool",
            "defaults", "databases");

    /** {@code jdbc.pool.<key>}: the transparent pool of DriverManager connections; key null for the bare section. */
    public record PoolSettingKey(PoolKey key) implements Key {
    }

    /** {@code telemetry.<key>}: export, runtime metrics, event logs and the health endpoint. */
    public record TelemetrySettingKey(TelemetryKey key) implements Key {
    }

    /**
     * {@code messaging.rabbitmq.all-queues}; or a policy of the queues, {@code
     * messaging.rabbitmq.defaults.<type>.<attribute>} (queue null) or {@code
     * messaging.rabbitmq.queues.<queue>.<type>.<attribute>} (attribute null when only naming the type).
     */
    public record RabbitKey(String setting, String queue, PolicyType type, Attribute attribute) implements Key {
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
            case "jdbc" -> {
                return jdbc(s, p, empty);
            }
            case "telemetry" -> {
                TelemetryKey tk = TelemetryKey.byKey(p.get(1));
                if (tk == null) {
                    throw unknown(p, 1, TelemetryKey.keys());
                }
                leaf(p, 2);
                return new TelemetrySettingKey(tk);
            }
            case "http" -> {
                return http(s, p, empty);
            }
            case "messaging" -> {
                if ("rabbitmq".equals(p.get(1))) {
                    return rabbit(s, p, empty);
                }
                if (!"enabled".equals(p.get(1))) {
                    throw unknown(p, 1, List.of("enabled", "rabbitmq"));
                }
                leaf(p, 2);
                return new TargetKey(section, "enabled");
            }
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

    private static Key jdbc(Setting s, List<String> p, boolean empty) throws Unknown {
        String key = p.get(1);
        switch (key) {
            case "enabled" -> {
                leaf(p, 2);
                return new TargetKey("jdbc", key);
            }
            case "retry-sql-states", "statement-timeout" -> {
                leaf(p, 2);
                return new JdbcKey(key, null, null, null);
            }
            case "pool" -> {
                if (p.size() == 2) {
                    return mapping(s, empty, new EmptyKey(), "pool settings");
                }
                PoolKey pk = PoolKey.byKey(p.get(2));
                if (pk == null) {
                    throw unknown(p, 2, PoolKey.keys());
                }
                leaf(p, 3);
                return new PoolSettingKey(pk);
            }
            case "defaults" -> {
                if (p.size() == 2) {
                    return mapping(s, empty, new EmptyKey(), "policies for every database");
                }
                PolicyType type = jdbcType(p, 2);
                if (p.size() == 3) {
                    return mapping(s, empty, new JdbcKey(null, null, type, null), "the settings of the " + type.key()
                            + " of every database");
                }
                return new JdbcKey(null, null, type, attribute(p, 3, type));
            }
            case "databases" -> {
                if (p.size() == 2) {
                    return mapping(s, empty, new EmptyKey(), "database URL patterns to policies");
                }
                String pattern = p.get(2);
                if (pattern.isBlank() || !pattern.startsWith("jdbc:")) {
                    throw new Unknown(KeyPath.format(p.subList(0, 3)) + ": '" + pattern + "' is not a database pattern;"
                            + " allowed: a JDBC URL without credentials or parameters, where * stands for any "
                            + "characters, such as jdbc:postgresql://db1:5432/* or jdbc:h2:mem:*");
                }
                if (p.size() == 3) {
                    return mapping(s, empty, new JdbcKey(null, pattern, null, null), "policies of the databases matching "
                            + pattern);
                }
                PolicyType type = jdbcType(p, 3);
                if (p.size() == 4) {
                    return mapping(s, empty, new JdbcKey(null, pattern, type, null), "the settings of its " + type.key());
                }
                return new JdbcKey(null, pattern, type, attribute(p, 4, type));
            }
            default -> throw unknown(p, 1, JDBC_KEYS);
        }
    }

    private static Key http(Setting s, List<String> p, boolean empty) throws Unknown {
        String key = p.get(1);
        switch (key) {
            case "enabled" -> {
                leaf(p, 2);
                return new TargetKey("http", key);
            }
            case "failure-status-codes", "retry-methods" -> {
                leaf(p, 2);
                return new HttpKey(key, null, null, null);
            }
            case "defaults" -> {
                if (p.size() == 2) {
                    return mapping(s, empty, new EmptyKey(), "policies for every server");
                }
                PolicyType type = httpType(p, 2, List.of());
                if (p.size() == 3) {
                    return mapping(s, empty, new HttpKey(null, null, type, null), "the settings of the " + type.key()
                            + " of every server");
                }
                return new HttpKey(null, null, type, attribute(p, 3, type));
            }
            case "hosts" -> {
                if (p.size() == 2) {
                    return mapping(s, empty, new EmptyKey(), "host patterns to policies");
                }
                String pattern = p.get(2);
                if (!pattern.matches("[A-Za-z0-9.*\\-_\\[\\]:]+")) {
                    throw new Unknown(KeyPath.format(p.subList(0, 3)) + ": '" + pattern + "' is not a host pattern;"
                            + " allowed: host or host:port, where * stands for any characters and no port means any"
                            + " port, such as api.example.com, *.example.com:443 or 127.0.0.1:*"
                            + " (no scheme, user info, path or query)");
                }
                if (p.size() == 3) {
                    return mapping(s, empty, new HttpKey(null, pattern, null, null), "policies of the servers matching "
                            + pattern);
                }
                if (HTTP_SERVER_KEYS.contains(p.get(3))) {
                    leaf(p, 4);
                    return new HttpKey(p.get(3), pattern, null, null);
                }
                PolicyType type = httpType(p, 3, HTTP_SERVER_KEYS);
                if (p.size() == 4) {
                    return mapping(s, empty, new HttpKey(null, pattern, type, null), "the settings of its " + type.key());
                }
                return new HttpKey(null, pattern, type, attribute(p, 4, type));
            }
            case "services" -> {
                return httpService(s, p, empty);
            }
            default -> throw unknown(p, 1, HTTP_KEYS);
        }
    }

    private static Key httpService(Setting s, List<String> p, boolean empty) throws Unknown {
        if (p.size() == 2) {
            return mapping(s, empty, new EmptyKey(), "service names to their endpoints");
        }
        String name = p.get(2);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9\\-]*")) {
            throw new Unknown(KeyPath.format(p.subList(0, 3)) + ": '" + name + "' is not a service name; allowed:"
                    + " letters, digits and -, starting with a letter or digit, such as orders or payment-api"
                    + " (the host of the URLs that name the service: http://orders/...)");
        }
        if (p.size() == 3) {
            return mapping(s, empty, new HttpServiceKey(name, null), "the settings of service " + name);
        }
        String key = p.get(3);
        if ("outlier-ejection".equals(key) || "health-check".equals(key)) {
            List<String> keys = "health-check".equals(key) ? HEALTH_CHECK_KEYS : OUTLIER_KEYS;
            if (p.size() == 4) {
                return mapping(s, empty, new HttpServiceKey(name, null), key.replace('-', ' ') + " settings");
            }
            if (!keys.contains(p.get(4))) {
                throw unknown(p, 4, keys);
            }
            leaf(p, 5);
            return new HttpServiceKey(name, key + "." + p.get(4));
        }
        if (!HTTP_SERVICE_KEYS.contains(key)) {
            throw unknown(p, 3, HTTP_SERVICE_KEYS);
        }
        leaf(p, 4);
        return new HttpServiceKey(name, key);
    }

    private static PolicyType httpType(List<String> p, int index, List<String> others) throws Unknown {
        PolicyType type = PolicyType.byKey(p.get(index));
        if (type == null || !HttpRules.TYPES.contains(type)) {
            List<String> keys = new ArrayList<>();
            HttpRules.TYPES.forEach(t -> keys.add(t.key()));
            keys.addAll(others);
            throw unknown(p, index, keys);
        }
        return type;
    }

    private static Key rabbit(Setting s, List<String> p, boolean empty) throws Unknown {
        if (p.size() == 2) {
            return mapping(s, empty, new EmptyKey(), "RabbitMQ settings");
        }
        switch (p.get(2)) {
            case "all-queues" -> {
                leaf(p, 3);
                return new RabbitKey("all-queues", null, null, null);
            }
            case "defaults" -> {
                if (p.size() == 3) {
                    return mapping(s, empty, new EmptyKey(), "policies for every queue");
                }
                PolicyType type = typeOf(p, 3, RabbitRules.TYPES);
                if (p.size() == 4) {
                    return mapping(s, empty, new RabbitKey(null, null, type, null), "the settings of the "
                            + type.key() + " of every queue");
                }
                return new RabbitKey(null, null, type, attribute(p, 4, type));
            }
            case "queues" -> {
                if (p.size() == 3) {
                    return mapping(s, empty, new EmptyKey(), "queue names to policies");
                }
                String queue = p.get(3);
                if (p.size() == 4) {
                    return mapping(s, empty, new RabbitKey(null, queue, null, null), "policies of queue " + queue);
                }
                PolicyType type = typeOf(p, 4, RabbitRules.TYPES);
                if (p.size() == 5) {
                    return mapping(s, empty, new RabbitKey(null, queue, type, null), "the settings of its " + type.key());
                }
                return new RabbitKey(null, queue, type, attribute(p, 5, type));
            }
            default -> throw unknown(p, 2, RabbitRules.KEYS);
        }
    }

    private static PolicyType typeOf(List<String> p, int index, List<PolicyType> allowed) throws Unknown {
        PolicyType type = PolicyType.byKey(p.get(index));
        if (type == null || !allowed.contains(type)) {
            List<String> keys = new ArrayList<>();
            allowed.forEach(t -> keys.add(t.key()));
            throw unknown(p, index, keys);
        }
        return type;
    }

    private static PolicyType jdbcType(List<String> p, int index) throws Unknown {
        PolicyType type = PolicyType.byKey(p.get(index));
        if (type == null || !JdbcRules.TYPES.contains(type)) {
            List<String> keys = new ArrayList<>();
            JdbcRules.TYPES.forEach(t -> keys.add(t.key()));
            throw unknown(p, index, keys);
        }
        return type;
    }

    private static void leaf(List<String> p, int size) throws Unknown {
        if (p.size() > size) {
            throw new Unknown(KeyPath.format(p.subList(0, size)) + " is a plain value, it has no keys under it");
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
