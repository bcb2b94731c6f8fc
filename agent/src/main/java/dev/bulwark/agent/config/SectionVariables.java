package dev.bulwark.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an environment variable of a section whose keys nest ({@code defaults}, {@code jdbc},
 * {@code http}, {@code messaging}, {@code telemetry}) back into its key path. Every key path the
 * schema allows there is spelled out as a form; the variable is matched against them, and a name
 * inside a form (a host pattern, a service, a database pattern, a queue) against the names the file
 * defines, since {@code _} cannot tell a dot, a dash, a colon or a star from an underscore.
 */
final class SectionVariables {
    /** A name inside a key path, and whether a variable may bring in one the file does not define. */
    enum NameKind {
        HOST("host pattern", false, "-Dbulwark.http.hosts.api.example.com.retry.max-attempts=5"),
        SERVICE("service", true, null),
        DATABASE("database pattern", false,
                "-Dbulwark.jdbc.databases.jdbc:postgresql://db1:5432/orders.retry.max-attempts=5"),
        QUEUE("queue", false, "-Dbulwark.messaging.rabbitmq.queues.orders.created.retry.max-attempts=5");

        private final String what;
        /** A new name reads in lower case with {@code -} for {@code _}: a service name holds nothing else. */
        private final boolean mayBeNew;
        private final String propertyExample;

        NameKind(String what, boolean mayBeNew, String propertyExample) {
            this.what = what;
            this.mayBeNew = mayBeNew;
            this.propertyExample = propertyExample;
        }
    }

    /**
     * Key paths alike but for their ends: {@code before}, then a name of kind {@code name} (none when
     * null), then one of {@code ends}. {@code shape} is how the message of a variable that fits no form
     * writes the family.
     */
    private record Family(String shape, List<String> before, NameKind name, List<List<String>> ends) {
        String prefix() {
            return before.isEmpty() ? "" : Overrides.normal(String.join("_", before)) + "_";
        }
    }

    private static final String POLICY_SETTING = "<POLICY>_<SETTING>";

    private SectionVariables() {
    }

    /** True for the sections this class reads. */
    static boolean reads(String section) {
        return families(section) != null;
    }

    /**
     * The key path {@code tail} (the variable after {@code BULWARK_<SECTION>_}) names.
     *
     * @param known the key paths the file and its overlays define
     * @throws IllegalArgumentException saying what is allowed, when no form fits, the name is not the
     *     file's, or two of the file's names fit
     */
    static List<String> split(String section, String tail, Collection<List<String>> known) {
        List<Family> families = families(section);
        List<Candidate> named = new ArrayList<>();
        for (Family f : families) {
            String prefix = f.prefix();
            for (List<String> end : f.ends()) {
                String suffix = Overrides.normal(String.join("_", end));
                if (f.name() == null) {
                    if (tail.equals(prefix + suffix)) {
                        return path(section, f.before(), null, end);
                    }
                } else if (tail.startsWith(prefix) && tail.endsWith("_" + suffix)
                        && tail.length() > prefix.length() + suffix.length() + 1) {
                    named.add(new Candidate(f, tail.substring(prefix.length(), tail.length() - suffix.length() - 1),
                            end));
                }
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(noForm(section, tail, families, known));
        }
        List<List<String>> defined = new ArrayList<>();
        for (Candidate c : named) {
            for (String name : names(section, c.family(), known)) {
                if (Overrides.normal(name).equals(c.upperName())) {
                    defined.add(path(section, c.family().before(), name, c.end()));
                }
            }
        }
        if (defined.size() == 1) {
            return defined.get(0);
        }
        if (defined.size() > 1) {
            List<String> paths = defined.stream().map(KeyPath::format).toList();
            throw new IllegalArgumentException("is ambiguous: it may mean " + String.join(" or ", paths)
                    + ", all defined in the file; set it with a system property instead, such as -Dbulwark."
                    + paths.get(0) + "=...");
        }
        // Attributes may end alike (RATE_LIMITER_TIMEOUT_DURATION, TIMEOUT_DURATION): the longest setting wins.
        Candidate shortest = named.get(0);
        for (Candidate c : named) {
            if (c.upperName().length() < shortest.upperName().length()) {
                shortest = c;
            }
        }
        NameKind kind = shortest.family().name();
        if (kind.mayBeNew) {
            return path(section, shortest.family().before(), lower(shortest.upperName()), shortest.end());
        }
        Set<String> names = names(section, shortest.family(), known);
        List<String> spelled = new ArrayList<>();
        names.forEach(n -> spelled.add(Overrides.normal(n) + " (" + n + ")"));
        throw new IllegalArgumentException("names no " + kind.what + " of the file: " + shortest.upperName()
                + " is none of " + (spelled.isEmpty() ? "them (the file defines none)" : String.join(", ", spelled))
                + ". An environment variable can only name a " + kind.what + " the file defines, since it cannot spell"
                + " dots, colons or *; set it with a system property, such as " + kind.propertyExample);
    }

    private record Candidate(Family family, String upperName, List<String> end) {
    }

    private static List<String> path(String section, List<String> before, String name, List<String> end) {
        List<String> path = new ArrayList<>();
        path.add(section);
        path.addAll(before);
        if (name != null) {
            path.add(name);
        }
        path.addAll(end);
        return path;
    }

    /** The names the known key paths hold where {@code f} has its name. */
    private static Set<String> names(String section, Family f, Collection<List<String>> known) {
        Set<String> names = new LinkedHashSet<>();
        int at = 1 + f.before().size();
        for (List<String> p : known) {
            if (p.size() > at && p.get(0).equals(section) && p.subList(1, at).equals(f.before())) {
                names.add(p.get(at));
            }
        }
        return names;
    }

    private static String noForm(String section, String tail, List<Family> families, Collection<List<String>> known) {
        // Narrowed to the families the variable already started, when it started one.
        List<String> shapes = new ArrayList<>();
        String start = "BULWARK_" + Overrides.normal(section) + "_";
        for (Family f : families) {
            if (!f.prefix().isEmpty() && tail.startsWith(f.prefix())) {
                shapes.add(f.shape());
            }
        }
        if (shapes.isEmpty()) {
            families.forEach(f -> shapes.add(f.shape()));
        }
        List<String> spelled = new ArrayList<>();
        for (Family f : families) {
            List<String> names = new ArrayList<>();
            if (f.name() == null) {
                names.add("");
            } else {
                names(section, f, known).forEach(n -> names.add(Overrides.normal(n) + "_"));
            }
            for (String n : names) {
                for (List<String> end : f.ends()) {
                    spelled.add(f.prefix() + n + Overrides.normal(String.join("_", end)));
                }
            }
        }
        String message = "does not name a setting of " + section + "." + Suggestions.didYouMean(tail, spelled)
                + " Allowed after " + start + ": " + String.join(", ", shapes);
        if (String.join("", shapes).contains(POLICY_SETTING)) {
            message += "; <POLICY>_<SETTING> is a policy and one of its settings, such as RETRY_MAX_ATTEMPTS";
        }
        return message;
    }

    private static List<Family> families(String section) {
        return switch (section) {
            case "defaults" -> List.of(
                    new Family(POLICY_SETTING, List.of(), null, policySettings(List.of(PolicyType.values()))));
            case "jdbc" -> List.of(
                    new Family("ENABLED", List.of(), null, List.of(List.of("enabled"))),
                    new Family("RETRY_SQL_STATES", List.of(), null, List.of(List.of("retry-sql-states"))),
                    new Family("STATEMENT_TIMEOUT", List.of(), null, List.of(List.of("statement-timeout"))),
                    new Family("POOL_<SETTING>", List.of("pool"), null, ends(PoolKey.keys())),
                    new Family("DEFAULTS_" + POLICY_SETTING, List.of("defaults"), null,
                            policySettings(JdbcRules.TYPES)),
                    new Family("DATABASES_<DATABASE>_" + POLICY_SETTING, List.of("databases"), NameKind.DATABASE,
                            policySettings(JdbcRules.TYPES)));
            case "http" -> List.of(
                    new Family("ENABLED", List.of(), null, List.of(List.of("enabled"))),
                    new Family("FAILURE_STATUS_CODES", List.of(), null, List.of(List.of("failure-status-codes"))),
                    new Family("RETRY_METHODS", List.of(), null, List.of(List.of("retry-methods"))),
                    new Family("DEFAULTS_" + POLICY_SETTING, List.of("defaults"), null,
                            policySettings(HttpRules.TYPES)),
                    new Family("HOSTS_<HOST>_" + POLICY_SETTING + ", HOSTS_<HOST>_FAILURE_STATUS_CODES, "
                            + "HOSTS_<HOST>_RETRY_METHODS", List.of("hosts"), NameKind.HOST, hostEnds()),
                    new Family("SERVICES_<SERVICE>_ENDPOINTS, SERVICES_<SERVICE>_STRATEGY, "
                            + "SERVICES_<SERVICE>_OUTLIER_EJECTION_<SETTING>, SERVICES_<SERVICE>_HEALTH_CHECK_<SETTING>",
                            List.of("services"), NameKind.SERVICE, serviceEnds()));
            case "messaging" -> List.of(
                    new Family("ENABLED", List.of(), null, List.of(List.of("enabled"))),
                    new Family("RABBITMQ_ALL_QUEUES", List.of("rabbitmq"), null, List.of(List.of("all-queues"))),
                    new Family("RABBITMQ_DEFAULTS_" + POLICY_SETTING, List.of("rabbitmq", "defaults"), null,
                            policySettings(RabbitRules.TYPES)),
                    new Family("RABBITMQ_QUEUES_<QUEUE>_" + POLICY_SETTING, List.of("rabbitmq", "queues"),
                            NameKind.QUEUE, policySettings(RabbitRules.TYPES)));
            case "telemetry" -> List.of(new Family("<SETTING> (" + String.join(", ",
                    TelemetryKey.keys().stream().map(Overrides::normal).toList()) + ")", List.of(), null,
                    ends(TelemetryKey.keys())));
            default -> null;
        };
    }

    private static List<List<String>> policySettings(List<PolicyType> types) {
        List<List<String>> ends = new ArrayList<>();
        for (PolicyType t : types) {
            for (Attribute a : t.attributes()) {
                ends.add(List.of(t.key(), a.key()));
            }
        }
        return ends;
    }

    private static List<List<String>> ends(List<String> keys) {
        return keys.stream().map(List::of).toList();
    }

    private static List<List<String>> hostEnds() {
        List<List<String>> ends = new ArrayList<>(policySettings(HttpRules.TYPES));
        Schema.HTTP_SERVER_KEYS.forEach(k -> ends.add(List.of(k)));
        return ends;
    }

    private static List<List<String>> serviceEnds() {
        List<List<String>> ends = new ArrayList<>();
        ends.add(List.of("endpoints"));
        ends.add(List.of("strategy"));
        Schema.OUTLIER_KEYS.forEach(k -> ends.add(List.of("outlier-ejection", k)));
        Schema.HEALTH_CHECK_KEYS.forEach(k -> ends.add(List.of("health-check", k)));
        return ends;
    }

    private static String lower(String upper) {
        return upper.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
