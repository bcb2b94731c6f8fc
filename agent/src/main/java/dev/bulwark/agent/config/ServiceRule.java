package dev.bulwark.agent.config;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.HealthCheckRules;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.OutlierRules;
import dev.bulwark.bootstrap.balance.Strategy;
import dev.bulwark.bootstrap.time.Clock;
import java.util.List;

/**
 * One {@code http.services} entry: a logical service, named by the host of its URLs
 * ({@code http://orders/...}), its endpoints, how one is chosen, when one is ejected, and its
 * active health checks (null: none).
 */
public record ServiceRule(String name, Strategy strategy, List<Address> endpoints, OutlierRules outliers,
        HealthCheckRules healthCheck) {

    public ServiceRule(String name, Strategy strategy, List<Address> endpoints, OutlierRules outliers) {
        this(name, strategy, endpoints, outliers, null);
    }

    /** An endpoint as configured: {@code host:port}, with its weight for weighted round-robin (1 otherwise). */
    public record Address(String host, int port, int weight) {
        @Override
        public String toString() {
            return host + ":" + port + (weight == 1 ? "" : "=" + weight);
        }
    }

    public ServiceRule {
        endpoints = List.copyOf(endpoints);
    }

    /** A balancer over fresh endpoints (no request in flight, none ejected). */
    public LoadBalancer balancer(Clock clock) {
        return new LoadBalancer(name, strategy, endpoints.stream().map(a -> new Endpoint(a.host(), a.port(),
                a.weight())).toList(), outliers, clock, null);
    }
}
