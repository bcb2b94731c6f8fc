package dev.bulwark.agent.config;

import dev.bulwark.bootstrap.http.ServerRules;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code http:} section, checked: whether HTTP calls are guarded, which statuses count as
 * failures and which methods may be retried (for every server, and per host rule), and the
 * policies per server, and the logical services that a load balancer resolves to endpoints.
 */
public record HttpRules(boolean enabled, ServerRules serverDefaults, Map<PolicyType, Map<String, Value>> defaults,
        List<HostRule> hosts, Map<String, ServiceRule> services) {

    /** The policy types a server can be guarded with. */
    public static final List<PolicyType> TYPES = List.of(PolicyType.CIRCUIT_BREAKER, PolicyType.RETRY,
            PolicyType.BULKHEAD, PolicyType.RATE_LIMITER, PolicyType.TIMEOUT);

    public HttpRules {
        services = Map.copyOf(services);
    }

    /** The logical service named {@code host} (the host of a URL, in any case), or null. */
    public ServiceRule service(String host) {
        return host == null ? null : services.get(host.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The rules that match a server ({@code host:port}) or a logical service (its name), least specific
     * (shortest pattern) first. A service's name is matched as a host on any port: {@code orders} and
     * {@code ord*} name service orders, {@code orders:8080} does not.
     */
    public List<HostRule> rulesFor(String server) {
        String key = server.indexOf(':') < 0 ? server + ":0" : server;
        return hosts.stream().filter(r -> r.matches(key))
                .sorted(Comparator.comparingInt(r -> r.pattern().length())).toList();
    }

    /** The failure statuses and retry methods of a server: the most specific rule that sets each wins. */
    public ServerRules serverRules(String server) {
        boolean[] statuses = serverDefaults.failureStatuses();
        var methods = serverDefaults.retryMethods();
        for (HostRule r : rulesFor(server)) {
            if (r.failureStatuses() != null) {
                statuses = r.failureStatuses();
            }
            if (r.retryMethods() != null) {
                methods = r.retryMethods();
            }
        }
        return new ServerRules(statuses, methods);
    }
}
