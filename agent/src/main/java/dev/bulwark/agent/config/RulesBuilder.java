package dev.bulwark.agent.config;

import dev.bulwark.bootstrap.balance.HealthCheckRules;
import dev.bulwark.bootstrap.balance.OutlierRules;
import dev.bulwark.bootstrap.balance.Strategy;
import dev.bulwark.bootstrap.http.ServerRules;
import dev.bulwark.bootstrap.policy.InvalidRuleException;
import dev.bulwark.bootstrap.pool.PoolSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks settings and assembles {@link Rules}: each key must mean something ({@link Schema}), each
 * value must be of its type and in its range (the rules' own constructors decide the range), each
 * reference must name a defined policy. A setting that fails is reported and left out; the rest
 * stands.
 */
final class RulesBuilder {
    private final String source;
    private final String environment;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<PolicyType, Map<String, Value>> defaults = new EnumMap<>(PolicyType.class);
    private final Map<PolicyType, Map<String, Map<String, Value>>> instances = new EnumMap<>(PolicyType.class);
    private final Map<String, MethodRuleDraft> methods = new LinkedHashMap<>();
    private final Map<String, Map<String, Value>> targets = new LinkedHashMap<>();
    private final Map<PolicyType, Map<String, Value>> jdbcDefaults = new EnumMap<>(PolicyType.class);
    private final Map<String, Map<PolicyType, Map<String, Value>>> jdbcDatabases = new LinkedHashMap<>();
    private final Set<String> jdbcRetryStates = new LinkedHashSet<>();
    private long jdbcStatementTimeoutNanos;
    private final Map<PolicyType, Map<String, Value>> httpDefaults = new EnumMap<>(PolicyType.class);
    private final Map<String, HostDraft> httpHosts = new LinkedHashMap<>();
    private boolean[] httpFailureStatuses;
    private Set<String> httpRetryMethods;

    private final Map<String, ServiceDraft> httpServices = new LinkedHashMap<>();

    private static final class ServiceDraft {
        Origin origin;
        List<ServiceRule.Address> endpoints;
        Setting endpointsSetting;
        boolean endpointsInvalid;
        Strategy strategy;
        final OutlierRules builtIn = OutlierRules.defaults();
        int consecutiveFailures = builtIn.consecutiveFailures();
        long baseEjectionNanos = builtIn.baseEjectionNanos();
        long maxEjectionNanos = builtIn.maxEjectionNanos();
        int maxEjectedPercent = builtIn.maxEjectedPercent();
        Setting maxEjectionSetting;
        Setting baseEjectionSetting;
        final HealthCheckRules checkDefaults = HealthCheckRules.defaults("/");
        String healthPath;
        long healthIntervalNanos = checkDefaults.intervalNanos();
        long healthTimeoutNanos = checkDefaults.timeoutNanos();
        int healthyThreshold = checkDefaults.healthyThreshold();
        int unhealthyThreshold = checkDefaults.unhealthyThreshold();
        /** The first health-check setting, for an error that concerns them together. */
        Setting healthSetting;
        boolean healthPathInvalid;
    }

    private static final class HostDraft {
        final Map<PolicyType, Map<String, Value>> settings = new EnumMap<>(PolicyType.class);
        boolean[] failureStatuses;
        Set<String> retryMethods;
    }
    private final Map<PoolKey, Object> pool = new EnumMap<>(PoolKey.class);
    private boolean rabbitAllQueues = true;
    // jdbc: and messaging: settings as written, for describe(): their records keep no origins.
    private final List<String> targetLines = new ArrayList<>();
    private final Map<PolicyType, Map<String, Value>> rabbitDefaults = new EnumMap<>(PolicyType.class);
    private final Map<String, Map<PolicyType, Map<String, Value>>> rabbitQueues = new LinkedHashMap<>();
    private final Map<PoolKey, Setting> poolSettings = new EnumMap<>(PoolKey.class);
    private final Map<TelemetryKey, Object> telemetry = new EnumMap<>(TelemetryKey.class);

    record Built(Rules rules, List<ConfigError> errors) {
    }

    private static final class MethodRuleDraft {
        final MethodPattern pattern;
        final Map<PolicyType, String> references = new EnumMap<>(PolicyType.class);
        final Map<PolicyType, Origin> referenceOrigins = new EnumMap<>(PolicyType.class);
        final Map<PolicyType, Map<String, Value>> settings = new EnumMap<>(PolicyType.class);

        MethodRuleDraft(MethodPattern pattern) {
            this.pattern = pattern;
        }
    }

    RulesBuilder(String source, String environment) {
        this.source = source;
        this.environment = environment;
    }

    Built build(Collection<Setting> settings) {
        for (Setting s : settings) {
            add(s);
        }
        checkRanges();
        checkReferences();
        List<MethodRule> rules = new ArrayList<>();
        methods.values().forEach(d -> rules.add(new MethodRule(d.pattern, Map.copyOf(d.references),
                Map.copyOf(d.settings))));
        List<DatabaseRule> databases = new ArrayList<>();
        jdbcDatabases.forEach((pattern, byType) -> databases.add(new DatabaseRule(pattern,
                DatabaseRule.compile(pattern), byType)));
        Value jdbcEnabled = targets.getOrDefault("jdbc", Map.of()).get("enabled");
        JdbcRules jdbc = new JdbcRules(jdbcEnabled == null || Boolean.TRUE.equals(jdbcEnabled.value()),
                Set.copyOf(jdbcRetryStates), jdbcStatementTimeoutNanos, !Boolean.FALSE.equals(pool.get(PoolKey.ENABLED)),
                poolSettings(), jdbcDefaults, List.copyOf(databases));
        RabbitRules rabbit = new RabbitRules(rabbitAllQueues, rabbitDefaults, rabbitQueues);
        List<HostRule> hosts = new ArrayList<>();
        httpHosts.forEach((pattern, d) -> hosts.add(new HostRule(pattern, HostRule.compile(pattern), d.settings,
                d.failureStatuses, d.retryMethods)));
        Value httpEnabled = targets.getOrDefault("http", Map.of()).get("enabled");
        ServerRules builtIn = ServerRules.defaults();
        HttpRules http = new HttpRules(httpEnabled == null || Boolean.TRUE.equals(httpEnabled.value()),
                new ServerRules(httpFailureStatuses == null ? builtIn.failureStatuses() : httpFailureStatuses,
                        httpRetryMethods == null ? builtIn.retryMethods() : httpRetryMethods),
                httpDefaults, List.copyOf(hosts), services());
        return new Built(new Rules(source, environment, defaults, instances, rules, targets, jdbc, rabbit, http,
                targetLines.stream().sorted().toList(), TelemetryKey.settings(telemetry)), List.copyOf(errors));
    }

    private void add(Setting s) {
        Schema.Key key;
        try {
            key = Schema.resolve(s);
        } catch (Schema.Unknown e) {
            errors.add(new ConfigError(s.origin(), e.getMessage()));
            return;
        }
        if (key instanceof Schema.DefaultKey d) {
            Map<String, Value> values = defaults.computeIfAbsent(d.type(), t -> new LinkedHashMap<>());
            put(values, d.type(), d.attribute(), s);
        } else if (key instanceof Schema.InstanceKey i) {
            Map<String, Value> values = instances.computeIfAbsent(i.type(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(i.name(), n -> new LinkedHashMap<>());
            put(values, i.type(), i.attribute(), s);
        } else if (key instanceof Schema.MethodKey m) {
            MethodRuleDraft draft = methods.computeIfAbsent(m.pattern().text(), t -> new MethodRuleDraft(m.pattern()));
            Map<String, Value> values = draft.settings.computeIfAbsent(m.type(), t -> new LinkedHashMap<>());
            if (m.attribute() == null) {
                if (s.raw() instanceof String name && !name.isBlank()) {
                    draft.references.put(m.type(), name.trim());
                    draft.referenceOrigins.put(m.type(), s.origin());
                }
            } else {
                put(values, m.type(), m.attribute(), s);
            }
        } else if (key instanceof Schema.JdbcKey || key instanceof Schema.RabbitKey
                || key instanceof Schema.PoolSettingKey || key instanceof Schema.HttpKey
                || key instanceof Schema.HttpServiceKey) {
            int errorsBefore = errors.size();
            if (key instanceof Schema.JdbcKey j) {
                addJdbc(j, s);
            } else if (key instanceof Schema.HttpKey h) {
                addHttp(h, s);
            } else if (key instanceof Schema.HttpServiceKey k) {
                addHttpService(k, s);
            } else if (key instanceof Schema.RabbitKey k) {
                addRabbit(k, s);
            } else if (key instanceof Schema.PoolSettingKey k) {
                try {
                    pool.put(k.key(), k.key().type().parse(s.raw()));
                    poolSettings.put(k.key(), s);
                } catch (IllegalArgumentException e) {
                    errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
                }
            }
            if (errors.size() == errorsBefore && s.raw() != Setting.EMPTY && s.raw() != null) {
                targetLines.add(s.key() + ": " + s.rawText() + "   # " + s.origin());
            }
        } else if (key instanceof Schema.TelemetrySettingKey k) {
            try {
                telemetry.put(k.key(), k.key().parse(s.raw()));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
            }
        } else if (key instanceof Schema.TargetKey t) {
            Map<String, Value> values = targets.computeIfAbsent(t.target(), x -> new LinkedHashMap<>());
            try {
                values.put(t.setting(), new Value(ValueType.BOOLEAN.parse(s.raw()), s.origin(), s.rawText()));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
            }
        }
    }

    /**
     * The pool settings; a value out of range is reported at its own line and left out (its default
     * stands), so one bad line never loses the others.
     */
    private PoolSettings poolSettings() {
        while (true) {
            try {
                return PoolKey.settings(pool);
            } catch (InvalidRuleException e) {
                PoolKey bad = PoolKey.byKey(e.attribute());
                if (bad == null || !pool.containsKey(bad)) {
                    bad = PoolKey.MIN_IDLE; // only min-idle can clash with a default (max-size)
                }
                Setting s = poolSettings.get(bad);
                errors.add(new ConfigError(s.origin(), s.key() + ": '" + s.rawText() + "' is not allowed; allowed: "
                        + e.allowed()));
                pool.remove(bad);
            }
        }
    }

    private void addRabbit(Schema.RabbitKey k, Setting s) {
        if ("all-queues".equals(k.setting())) {
            try {
                rabbitAllQueues = (Boolean) ValueType.BOOLEAN.parse(s.raw());
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
            }
        } else if (k.type() != null) {
            Map<PolicyType, Map<String, Value>> byType = k.queue() == null ? rabbitDefaults
                    : rabbitQueues.computeIfAbsent(k.queue(), q -> new EnumMap<>(PolicyType.class));
            Map<String, Value> values = byType.computeIfAbsent(k.type(), t -> new LinkedHashMap<>());
            if (k.attribute() != null) {
                put(values, k.type(), k.attribute(), s);
            }
        } else if (k.queue() != null) {
            rabbitQueues.computeIfAbsent(k.queue(), q -> new EnumMap<>(PolicyType.class));
        }
    }

    private void addJdbc(Schema.JdbcKey j, Setting s) {
        if ("retry-sql-states".equals(j.setting())) {
            try {
                for (String state : classNamesOrList(s.raw())) {
                    if (!state.matches("[0-9A-Z]{2}([0-9A-Z]{3})?")) {
                        throw new IllegalArgumentException("'" + state + "' is not a SQLState");
                    }
                    jdbcRetryStates.add(state);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage() + "; allowed: a list of SQLStates "
                        + "(5 characters, such as 57P03) or classes of them (2 characters, such as 08)"));
            }
        } else if ("statement-timeout".equals(j.setting())) {
            try {
                long nanos = (Long) ValueType.DURATION.parse(s.raw());
                if (nanos < 0 || (nanos > 0 && nanos < 1_000_000_000L)) {
                    throw new IllegalArgumentException("'" + s.rawText() + "' is not allowed");
                }
                jdbcStatementTimeoutNanos = nanos;
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage() + "; allowed: 0 (none) or a "
                        + "duration of at least 1s (JDBC query timeouts are whole seconds)"));
            }
        } else if (j.type() != null) {
            Map<PolicyType, Map<String, Value>> byType = j.pattern() == null ? jdbcDefaults
                    : jdbcDatabases.computeIfAbsent(j.pattern(), p -> new EnumMap<>(PolicyType.class));
            put(byType.computeIfAbsent(j.type(), t -> new LinkedHashMap<>()), j.type(), j.attribute(), s);
        } else if (j.pattern() != null) {
            jdbcDatabases.computeIfAbsent(j.pattern(), p -> new EnumMap<>(PolicyType.class));
        }
    }

    private void addHttp(Schema.HttpKey h, Setting s) {
        HostDraft host = h.pattern() == null ? null : httpHosts.computeIfAbsent(h.pattern(), p -> new HostDraft());
        if ("failure-status-codes".equals(h.setting())) {
            try {
                boolean[] statuses = HttpValues.statuses(classNamesOrList(s.raw()));
                if (host == null) {
                    httpFailureStatuses = statuses;
                } else {
                    host.failureStatuses = statuses;
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage() + "; allowed: a list of HTTP "
                        + "status codes (100 to 599) or ranges of them, such as [429, 500-599]"));
            }
        } else if ("retry-methods".equals(h.setting())) {
            try {
                Set<String> methods = HttpValues.methods(classNamesOrList(s.raw()));
                if (host == null) {
                    httpRetryMethods = methods;
                } else {
                    host.retryMethods = methods;
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage() + "; allowed: a list of HTTP "
                        + "methods, such as [GET, HEAD, OPTIONS, PUT, DELETE] (the default) or [GET, POST]"));
            }
        } else if (h.type() != null) {
            Map<PolicyType, Map<String, Value>> byType = host == null ? httpDefaults : host.settings;
            put(byType.computeIfAbsent(h.type(), t -> new LinkedHashMap<>()), h.type(), h.attribute(), s);
        }
    }

    private void addHttpService(Schema.HttpServiceKey k, Setting s) {
        ServiceDraft d = httpServices.computeIfAbsent(k.service().toLowerCase(java.util.Locale.ROOT),
                n -> new ServiceDraft());
        if (d.origin == null) {
            d.origin = s.origin();
        }
        String setting = k.setting();
        if (setting == null) {
            return;
        }
        if (setting.startsWith("health-check.") && d.healthSetting == null) {
            d.healthSetting = s;
        }
        try {
            switch (setting) {
                case "endpoints" -> {
                    d.endpointsInvalid = true;
                    List<ServiceRule.Address> endpoints = new ArrayList<>();
                    for (String item : classNamesOrList(s.raw())) {
                        ServiceRule.Address a = HttpValues.endpoint(item);
                        if (endpoints.stream().anyMatch(e -> e.host().equals(a.host()) && e.port() == a.port())) {
                            throw new IllegalArgumentException(a.host() + ":" + a.port() + " is listed twice");
                        }
                        endpoints.add(a);
                    }
                    d.endpoints = endpoints;
                    d.endpointsSetting = s;
                    d.endpointsInvalid = false;
                }
                case "strategy" -> {
                    Strategy strategy = Strategy.byKey(String.valueOf(s.raw()).trim());
                    if (strategy == null) {
                        List<String> names = new ArrayList<>();
                        for (Strategy x : Strategy.values()) {
                            names.add(x.key());
                        }
                        throw new IllegalArgumentException("'" + s.rawText() + "' is not a strategy."
                                + Suggestions.didYouMean(String.valueOf(s.raw()).trim(), names) + " Allowed: "
                                + String.join(", ", names));
                    }
                    d.strategy = strategy;
                }
                case "outlier-ejection.consecutive-failures" ->
                    d.consecutiveFailures = wholeNumber(s, 1, Integer.MAX_VALUE);
                case "outlier-ejection.max-ejected-percent" -> d.maxEjectedPercent = wholeNumber(s, 0, 100);
                case "outlier-ejection.base-ejection-time" -> {
                    d.baseEjectionNanos = positiveDuration(s);
                    d.baseEjectionSetting = s;
                }
                case "outlier-ejection.max-ejection-time" -> {
                    d.maxEjectionNanos = positiveDuration(s);
                    d.maxEjectionSetting = s;
                }
                case "health-check.path" -> {
                    d.healthPathInvalid = true;
                    String path = String.valueOf(s.raw()).trim();
                    if (!path.matches("/[A-Za-z0-9\\-._~/%!$&'()*+,;=:@]*")) {
                        throw new IllegalArgumentException("'" + s.rawText() + "' is not allowed; allowed: a path"
                                + " starting with /, such as /health, with no query string");
                    }
                    d.healthPath = path;
                    d.healthPathInvalid = false;
                }
                case "health-check.interval" -> d.healthIntervalNanos = positiveDuration(s);
                case "health-check.timeout" -> d.healthTimeoutNanos = positiveDuration(s);
                case "health-check.healthy-threshold" -> d.healthyThreshold = wholeNumber(s, 1, 1000);
                case "health-check.unhealthy-threshold" -> d.unhealthyThreshold = wholeNumber(s, 1, 1000);
                default -> throw new IllegalStateException("unhandled service setting " + setting);
            }
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
        }
    }

    private static int wholeNumber(Setting s, int min, int max) {
        try {
            int n = Integer.parseInt(String.valueOf(s.raw()).trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s.rawText() + "' is not allowed; allowed: a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    private static long positiveDuration(Setting s) {
        long nanos = Durations.parseNanos(String.valueOf(s.raw()));
        if (nanos <= 0) {
            throw new IllegalArgumentException("'" + s.rawText() + "' is not allowed; allowed: " + Durations.ALLOWED
                    + ", more than 0");
        }
        return nanos;
    }

    /** The services whose settings hold together; each that does not gets an error. */
    private Map<String, ServiceRule> services() {
        Map<String, ServiceRule> services = new LinkedHashMap<>();
        httpServices.forEach((name, d) -> {
            String key = "http.services." + name;
            if (d.endpoints == null || d.endpoints.isEmpty()) {
                if (d.endpointsInvalid) {
                    return; // the endpoints were given but wrong: that error says it
                }
                errors.add(new ConfigError(d.endpointsSetting != null ? d.endpointsSetting.origin() : d.origin,
                        key + ".endpoints: service " + name + " has no endpoints; allowed: a list of host:port, such"
                                + " as [10.0.0.1:8080, 10.0.0.2:8080]"));
                return;
            }
            Strategy strategy = d.strategy == null ? Strategy.ROUND_ROBIN : d.strategy;
            if (strategy != Strategy.WEIGHTED_ROUND_ROBIN && d.endpoints.stream().anyMatch(a -> a.weight() != 1)) {
                errors.add(new ConfigError(d.endpointsSetting.origin(), key + ".endpoints: a weight (host:port=N)"
                        + " is only read by strategy weighted-round-robin, and service " + name + " uses "
                        + strategy.key() + "; set " + key + ".strategy: weighted-round-robin or drop the weights"));
                return;
            }
            if (d.maxEjectionNanos < d.baseEjectionNanos) {
                Setting s = d.maxEjectionSetting != null ? d.maxEjectionSetting : d.baseEjectionSetting;
                errors.add(new ConfigError(s.origin(), key + ".outlier-ejection: max-ejection-time must be at least"
                        + " base-ejection-time"));
                return;
            }
            HealthCheckRules check = null;
            if (d.healthSetting != null && !d.healthPathInvalid) {
                if (d.healthPath == null) {
                    errors.add(new ConfigError(d.healthSetting.origin(), key + ".health-check: no path is set, and"
                            + " health checks run only with one; set " + key + ".health-check.path, such as /health"));
                    return;
                }
                check = new HealthCheckRules(d.healthPath, d.healthIntervalNanos, d.healthTimeoutNanos,
                        d.healthyThreshold, d.unhealthyThreshold);
            }
            services.put(name, new ServiceRule(name, strategy, d.endpoints, new OutlierRules(d.consecutiveFailures,
                    d.baseEjectionNanos, d.maxEjectionNanos, d.maxEjectedPercent), check));
        });
        return services;
    }

    private static List<String> classNamesOrList(Object raw) {
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.forEach(o -> items.add(String.valueOf(o).trim()));
        } else if (raw instanceof String text && !text.isBlank()) {
            for (String part : text.split(",")) {
                items.add(part.trim());
            }
        } else {
            throw new IllegalArgumentException("no value is given");
        }
        return items;
    }

    private void put(Map<String, Value> values, PolicyType type, Attribute attribute, Setting s) {
        if (attribute == null) {
            return; // the setting only names the policy
        }
        try {
            values.put(attribute.name(), new Value(attribute.type().parse(s.raw()), s.origin(), s.rawText()));
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(s.origin(), s.key() + ": " + e.getMessage()));
        }
    }

    /** Builds every rule the way a guard will, so a value out of range is found now, with its line. */
    private void checkRanges() {
        for (PolicyType type : PolicyType.values()) {
            Map<String, Value> base = defaults.getOrDefault(type, new LinkedHashMap<>());
            List<String> prefix = List.of("defaults", type.key());
            check(type, Map.of(), base, prefix);
            for (Map.Entry<String, Map<String, Value>> e : instances.getOrDefault(type, Map.of()).entrySet()) {
                check(type, base, e.getValue(), List.of(type.section(), e.getKey()));
            }
            for (MethodRuleDraft d : methods.values()) {
                Map<String, Value> own = d.settings.get(type);
                if (own != null) {
                    check(type, base, own, List.of("methods", d.pattern.text(), type.key()));
                }
            }
            Map<String, Value> rabbitBase = rabbitDefaults.get(type);
            if (rabbitBase != null) {
                check(type, Map.of(), rabbitBase, List.of("messaging", "rabbitmq", "defaults", type.key()));
            }
            for (Map.Entry<String, Map<PolicyType, Map<String, Value>>> e : rabbitQueues.entrySet()) {
                Map<String, Value> own = e.getValue().get(type);
                if (own != null) {
                    check(type, rabbitBase == null ? Map.of() : rabbitBase, own,
                            List.of("messaging", "rabbitmq", "queues", e.getKey(), type.key()));
                }
            }
            Map<String, Value> jdbcBase = jdbcDefaults.get(type);
            if (jdbcBase != null) {
                check(type, Map.of(), jdbcBase, List.of("jdbc", "defaults", type.key()));
            }
            Map<String, Value> httpBase = httpDefaults.get(type);
            if (httpBase != null) {
                check(type, Map.of(), httpBase, List.of("http", "defaults", type.key()));
            }
            for (Map.Entry<String, HostDraft> e : httpHosts.entrySet()) {
                Map<String, Value> own = e.getValue().settings.get(type);
                if (own != null) {
                    check(type, httpBase == null ? Map.of() : httpBase, own,
                            List.of("http", "hosts", e.getKey(), type.key()));
                }
            }
            for (Map.Entry<String, Map<PolicyType, Map<String, Value>>> e : jdbcDatabases.entrySet()) {
                Map<String, Value> own = e.getValue().get(type);
                if (own != null) {
                    check(type, jdbcBase == null ? Map.of() : jdbcBase, own,
                            List.of("jdbc", "databases", e.getKey(), type.key()));
                }
            }
        }
    }

    private void check(PolicyType type, Map<String, Value> under, Map<String, Value> values, List<String> prefix) {
        for (int guard = 0; guard <= type.attributes().size(); guard++) {
            Map<String, Object> merged = new LinkedHashMap<>();
            under.forEach((k, v) -> merged.put(k, v.value()));
            values.forEach((k, v) -> merged.put(k, v.value()));
            try {
                type.build(merged);
                return;
            } catch (InvalidRuleException e) {
                Value bad = values.remove(e.attribute());
                if (bad == null) {
                    return; // the fault lies in what this entry inherits; reported there
                }
                List<String> path = new ArrayList<>(prefix);
                path.add(type.attributeByName(e.attribute()).key());
                errors.add(new ConfigError(bad.origin(), KeyPath.format(path) + " = " + bad.written()
                        + " is not allowed; allowed: " + e.allowed()));
            }
        }
    }

    private void checkReferences() {
        for (MethodRuleDraft d : methods.values()) {
            for (Map.Entry<PolicyType, String> ref : new ArrayList<>(d.references.entrySet())) {
                PolicyType type = ref.getKey();
                Map<String, Map<String, Value>> defined = instances.getOrDefault(type, Map.of());
                if (!defined.containsKey(ref.getValue())) {
                    d.references.remove(type);
                    if (d.settings.getOrDefault(type, Map.of()).isEmpty()) {
                        d.settings.remove(type); // left out whole, as any bad rule
                    }
                    errors.add(new ConfigError(d.referenceOrigins.get(type), KeyPath.format(List.of("methods",
                            d.pattern.text(), type.key())) + " names " + type.key() + " '" + ref.getValue()
                            + "', which is not defined under " + type.section() + "."
                            + Suggestions.didYouMean(ref.getValue(), defined.keySet())
                            + (defined.isEmpty() ? "" : " Defined: " + String.join(", ", defined.keySet()))));
                }
            }
        }
    }
}
