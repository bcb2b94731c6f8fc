package dev.bulwark.agent.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable snapshot of the configuration, checked: defaults per policy type, named policies,
 * method rules and target switches. A reload builds a new one and swaps it in whole.
 */
public final class Rules {
    private final String source;
    private final String environment;
    private final Map<PolicyType, Map<String, Value>> defaults;
    private final Map<PolicyType, Map<String, Map<String, Value>>> instances;
    private final List<MethodRule> methodRules;
    private final Map<String, Map<String, Value>> targets;
    private final JdbcRules jdbc;
    private final RabbitRules rabbit;
    private final TelemetrySettings telemetry;
    private final HttpRules http;
    private final List<String> targetLines;

    Rules(String source, String environment, Map<PolicyType, Map<String, Value>> defaults,
            Map<PolicyType, Map<String, Map<String, Value>>> instances, List<MethodRule> methodRules,
            Map<String, Map<String, Value>> targets, JdbcRules jdbc, RabbitRules rabbit, HttpRules http,
            List<String> targetLines, TelemetrySettings telemetry) {
        this.source = source;
        this.environment = environment;
        this.defaults = defaults;
        this.instances = instances;
        this.methodRules = List.copyOf(methodRules);
        this.targets = targets;
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.telemetry = telemetry;
        this.http = http;
        this.targetLines = targetLines;
    }

    /** The {@code messaging.rabbitmq:} section. */
    public RabbitRules rabbit() {
        return rabbit;
    }

    /** The {@code telemetry:} section; read at start-up only. */
    public TelemetrySettings telemetry() {
        return telemetry;
    }

    /** The {@code http:} section. */
    public HttpRules http() {
        return http;
    }

    /** The {@code jdbc:} section. */
    public JdbcRules jdbc() {
        return jdbc;
    }

    /** Nothing configured: annotations alone decide. */
    public static Rules empty() {
        return new RulesBuilder(null, null).build(List.of()).rules();
    }

    /** The file the rules came from, or null. */
    public String source() {
        return source;
    }

    public String environment() {
        return environment;
    }

    /** The file's defaults for a policy type, by attribute name (camelCase). */
    public Map<String, Object> defaultValues(PolicyType type) {
        return plain(defaults.getOrDefault(type, Map.of()));
    }

    public boolean hasInstance(PolicyType type, String name) {
        return instances.getOrDefault(type, Map.of()).containsKey(name);
    }

    public Map<String, Object> instanceValues(PolicyType type, String name) {
        return plain(instances.getOrDefault(type, Map.of()).getOrDefault(name, Map.of()));
    }

    /** The policy types under which {@code name} is defined. */
    public Set<PolicyType> typesNaming(String name) {
        Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
        instances.forEach((type, byName) -> {
            if (byName.containsKey(name)) {
                types.add(type);
            }
        });
        return types;
    }

    public List<MethodRule> methodRules() {
        return methodRules;
    }

    /** The method rules that match, least specific first, so that each may overlay the one before. */
    public List<MethodRule> rulesFor(String className, String methodName, boolean isPublic) {
        if (methodRules.isEmpty()) {
            return List.of();
        }
        List<MethodRule> matching = new ArrayList<>();
        for (MethodRule r : methodRules) {
            if (r.pattern().matchesMethod(className, methodName, isPublic)) {
                matching.add(r);
            }
        }
        matching.sort(Comparator.comparingInt(r -> r.pattern().specificity()));
        return matching;
    }

    public boolean matchesClass(String className) {
        for (MethodRule r : methodRules) {
            if (r.pattern().matchesClass(className)) {
                return true;
            }
        }
        return false;
    }

    /** A target's switch, {@code jdbc.enabled}; true unless the configuration turns it off. */
    public boolean targetEnabled(String target) {
        Value v = targets.getOrDefault(target, Map.of()).get("enabled");
        return v == null || Boolean.TRUE.equals(v.value());
    }

    /** The resolved configuration as `validate` prints it: every value with where it came from. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("source: ").append(source == null ? "(no file)" : source).append('\n');
        b.append("environment: ").append(environment == null ? "(none)" : environment).append('\n');
        for (PolicyType type : PolicyType.values()) {
            Map<String, Value> d = defaults.getOrDefault(type, Map.of());
            if (!d.isEmpty()) {
                b.append("defaults.").append(type.key()).append(":\n");
                values(b, type, d, "  ");
            }
        }
        for (PolicyType type : PolicyType.values()) {
            Map<String, Map<String, Value>> byName = instances.getOrDefault(type, Map.of());
            if (!byName.isEmpty()) {
                b.append(type.section()).append(":\n");
                byName.forEach((name, values) -> {
                    b.append("  ").append(name).append(":").append(values.isEmpty() ? " (defaults)\n" : "\n");
                    values(b, type, values, "    ");
                });
            }
        }
        if (!methodRules.isEmpty()) {
            b.append("methods:\n");
            for (MethodRule r : methodRules) {
                b.append("  ").append(r.pattern().text()).append(":\n");
                for (PolicyType type : PolicyType.values()) {
                    if (!r.guards(type)) {
                        continue;
                    }
                    String ref = r.references().get(type);
                    Map<String, Value> own = r.settings().getOrDefault(type, Map.of());
                    b.append("    ").append(type.key()).append(":")
                            .append(ref != null ? " " + ref : own.isEmpty() ? " (defaults)" : "").append('\n');
                    values(b, type, own, "      ");
                }
            }
        }
        targets.forEach((target, values) -> values.forEach((key, v) -> b.append(target).append('.').append(key)
                .append(": ").append(v.written()).append("   # ").append(v.origin()).append('\n')));
        targetLines.forEach(line -> b.append(line).append('\n'));
        return b.toString();
    }

    private static void values(StringBuilder b, PolicyType type, Map<String, Value> values, String indent) {
        values.forEach((name, v) -> b.append(indent).append(type.attributeByName(name).key()).append(": ")
                .append(v.written()).append("   # ").append(v.origin()).append('\n'));
    }

    private static Map<String, Object> plain(Map<String, Value> values) {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((k, v) -> plain.put(k, v.value()));
        return plain;
    }
}
