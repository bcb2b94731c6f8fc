package dev.bulwark.agent.config;

import dev.bulwark.bootstrap.pool.PoolSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jdbc:} section, checked: whether JDBC calls are guarded, which extra SQLStates count
 * as transient, a statement timeout for statements that set none, the transparent pool of
 * DriverManager connections, and the policies per database.
 */
public record JdbcRules(boolean enabled, Set<String> retrySqlStates, long statementTimeoutNanos,
        boolean poolEnabled, PoolSettings pool, Map<PolicyType, Map<String, Value>> defaults,
        List<DatabaseRule> databases) {

    /** The policy types a database can be guarded with. */
    public static final List<PolicyType> TYPES = List.of(PolicyType.CIRCUIT_BREAKER, PolicyType.RETRY,
            PolicyType.BULKHEAD);

    /** The rules that match a database, least specific (shortest pattern) first. */
    public List<DatabaseRule> rulesFor(String databaseKey) {
        return databases.stream().filter(r -> r.matches(databaseKey))
                .sorted(Comparator.comparingInt(r -> r.pattern().length())).toList();
    }
}
