package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.agent.config.DatabaseRule;
import dev.bulwark.agent.config.JdbcRules;
import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a database's guards from the {@code jdbc:} rules in force. For each policy, lowest first:
 * Bulwark's JDBC defaults, {@code jdbc.defaults}, then every {@code jdbc.databases} rule that
 * matches the database, least specific first. A bulkhead is added only where one is configured.
 */
public final class JdbcPlanner implements JdbcGuards.Planner {
    /**
     * A database fails fast and recovers fast: a shorter window and wait than the method defaults,
     * and a few quick retries of transient failures.
     */
    static final Map<PolicyType, Map<String, Object>> BUILT_IN = Map.of(
            PolicyType.CIRCUIT_BREAKER, Map.of("slidingWindowSize", 50, "minimumNumberOfCalls", 20,
                    "waitDurationInOpenState", 10_000_000_000L, "permittedNumberOfCallsInHalfOpenState", 3),
            PolicyType.RETRY, Map.of("maxAttempts", 3, "waitDuration", 100_000_000L, "backoffMultiplier", 2.0,
                    "maxWaitDuration", 2_000_000_000L),
            PolicyType.BULKHEAD, Map.of());

    private final RulesInForce rules;
    private volatile Rules seen;
    private volatile JdbcGuards.Settings settings;

    public JdbcPlanner(RulesInForce rules) {
        this.rules = rules;
    }

    @Override
    public GuardPlan statements(String databaseKey) {
        return plan(databaseKey, true);
    }

    @Override
    public GuardPlan connections(String databaseKey) {
        return plan(databaseKey, false);
    }

    @Override
    public JdbcGuards.Settings settings() {
        Rules r = rules.get();
        JdbcGuards.Settings s = settings;
        if (r != seen || s == null) {
            JdbcRules jdbc = r.jdbc();
            s = new JdbcGuards.Settings(jdbc.enabled(), jdbc.retrySqlStates(), jdbc.statementTimeoutNanos());
            settings = s;
            seen = r;
        }
        return s;
    }

    private GuardPlan plan(String key, boolean statements) {
        JdbcRules jdbc = rules.get().jdbc();
        List<DatabaseRule> matching = jdbc.rulesFor(key);
        Map<String, Object> retryValues = values(PolicyType.RETRY, jdbc, matching);
        BulkheadRules bulkhead = statements && configured(PolicyType.BULKHEAD, jdbc, matching)
                ? (BulkheadRules) PolicyType.BULKHEAD.build(values(PolicyType.BULKHEAD, jdbc, matching)) : null;
        return new GuardPlan(key,
                key, (CircuitBreakerRules) PolicyType.CIRCUIT_BREAKER.build(values(PolicyType.CIRCUIT_BREAKER, jdbc,
                        matching)),
                statements ? key : key + " (connections)", (RetryRules) PolicyType.RETRY.build(retryValues),
                PolicyType.retryBudget(retryValues),
                bulkhead == null ? null : key, bulkhead,
                null, null, null, null, null, null, null);
    }

    private static Map<String, Object> values(PolicyType type, JdbcRules jdbc, List<DatabaseRule> matching) {
        Map<String, Object> values = new HashMap<>(BUILT_IN.get(type));
        jdbc.defaults().getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        for (DatabaseRule r : matching) {
            r.settings().getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        }
        return values;
    }

    private static boolean configured(PolicyType type, JdbcRules jdbc, List<DatabaseRule> matching) {
        return jdbc.defaults().containsKey(type) || matching.stream().anyMatch(r -> r.settings().containsKey(type));
    }
}
