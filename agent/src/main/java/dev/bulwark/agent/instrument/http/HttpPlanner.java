package dev.bulwark.agent.instrument.http;

import dev.bulwark.agent.config.HostRule;
import dev.bulwark.agent.config.HttpRules;
import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.ServerRules;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.InvalidRuleException;
import dev.bulwark.bootstrap.policy.RateLimiterRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.policy.TimeoutRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans a server's guard from the {@code http:} rules in force. For each policy, lowest first:
 * Bulwark's HTTP defaults, {@code http.defaults}, then every {@code http.hosts} rule that matches the
 * server, least specific first. Every server has a breaker and a retry; a bulkhead, rate limiter or
 * timeout only where one is configured.
 */
public final class HttpPlanner implements HttpGuards.Planner {
    /**
     * A server fails fast and recovers fast, like a database; retries are few and quick, and a
     * Retry-After of more than two seconds ends them (the caller gets the 429 or 503 at once).
     */
    static final Map<PolicyType, Map<String, Object>> BUILT_IN = Map.of(
            PolicyType.CIRCUIT_BREAKER, Map.of("slidingWindowSize", 50, "minimumNumberOfCalls", 20,
                    "waitDurationInOpenState", 10_000_000_000L, "permittedNumberOfCallsInHalfOpenState", 3),
            PolicyType.RETRY, Map.of("maxAttempts", 3, "waitDuration", 100_000_000L, "backoffMultiplier", 2.0,
                    "maxWaitDuration", 2_000_000_000L),
            PolicyType.BULKHEAD, Map.of(),
            PolicyType.RATE_LIMITER, Map.of(),
            PolicyType.TIMEOUT, Map.of());

    private final RulesInForce rules;
    private final ServiceBalancers services;
    private volatile Rules seen;
    private volatile Map<String, ServerRules> serverRules = new ConcurrentHashMap<>();

    public HttpPlanner(RulesInForce rules) {
        this(rules, new ServiceBalancers());
    }

    HttpPlanner(RulesInForce rules, ServiceBalancers services) {
        this.rules = rules;
        this.services = services;
    }

    @Override
    public LoadBalancer balancer(String name) {
        return services.balancer(rules.get(), name);
    }

    /** Builds the balancers of the services in force and starts their health checks. */
    public void startServices() {
        services.balancer(rules.get(), "");
    }

    /** The status of every load-balanced endpoint, for the health endpoint. */
    public List<HealthStatus> endpointHealth() {
        services.balancer(rules.get(), ""); // brings the services up to date with a reload
        return services.health();
    }

    @Override
    public boolean enabled() {
        return rules.get().http().enabled();
    }

    @Override
    public ServerRules rules(String server) {
        Rules r = rules.get();
        Map<String, ServerRules> byServer = serverRules;
        if (r != seen) {
            byServer = new ConcurrentHashMap<>();
            serverRules = byServer;
            seen = r;
            try {
                services.balancer(r, ""); // a reload may have made a host a service, or one no more
            } catch (RuntimeException e) {
                BulwarkLog.warnOnce("http-services", "cannot update the load-balanced services", e);
            }
        }
        ServerRules s = byServer.get(server);
        if (s == null) {
            s = r.http().serverRules(server);
            byServer.put(server, s);
        }
        return s;
    }

    @Override
    public GuardPlan plan(String server) {
        HttpRules http = rules.get().http();
        List<HostRule> matching = http.rulesFor(server);
        try {
            Map<String, Object> retryValues = values(PolicyType.RETRY, http, matching);
            return new GuardPlan(server,
                    server, (CircuitBreakerRules) PolicyType.CIRCUIT_BREAKER.build(
                            values(PolicyType.CIRCUIT_BREAKER, http, matching)),
                    server, (RetryRules) PolicyType.RETRY.build(retryValues), PolicyType.retryBudget(retryValues),
                    configured(PolicyType.BULKHEAD, http, matching) ? server : null,
                    (BulkheadRules) optional(PolicyType.BULKHEAD, http, matching),
                    configured(PolicyType.RATE_LIMITER, http, matching) ? server : null,
                    (RateLimiterRules) optional(PolicyType.RATE_LIMITER, http, matching),
                    configured(PolicyType.TIMEOUT, http, matching) ? server : null,
                    (TimeoutRules) optional(PolicyType.TIMEOUT, http, matching),
                    null, null, null);
        } catch (InvalidRuleException e) {
            // The configuration was checked when read; this only happens for a combination no one rule shows.
            return GuardPlan.invalid(server, server, "the http rules of " + server + " make no sense: "
                    + e.getMessage());
        }
    }

    private static Object optional(PolicyType type, HttpRules http, List<HostRule> matching) {
        return configured(type, http, matching) ? type.build(values(type, http, matching)) : null;
    }

    private static Map<String, Object> values(PolicyType type, HttpRules http, List<HostRule> matching) {
        Map<String, Object> values = new HashMap<>(BUILT_IN.get(type));
        http.defaults().getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        for (HostRule r : matching) {
            r.settings().getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        }
        return values;
    }

    private static boolean configured(PolicyType type, HttpRules http, List<HostRule> matching) {
        return http.defaults().containsKey(type) || matching.stream().anyMatch(r -> r.settings().containsKey(type));
    }
}
