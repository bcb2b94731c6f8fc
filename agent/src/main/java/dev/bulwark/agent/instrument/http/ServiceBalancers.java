package dev.bulwark.agent.instrument.http;

import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.ServiceRule;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.balance.Balancers;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.HealthChecker;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpHealthProbe;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load balancers of the {@code http.services} in force, with their health checks. A reload keeps
 * the balancer (and so its endpoints' counts and ejections) of every service whose settings did not
 * change; a changed or removed service's health checks stop. Endpoint changes become events.
 */
final class ServiceBalancers {
    private final Clock clock;
    private final EventBus events;
    private final HealthChecker.Probe probe;
    private volatile Rules seen;
    private volatile Map<String, Running> byName = Map.of();

    private record Running(ServiceRule rule, LoadBalancer balancer, HealthChecker checker) {
    }

    ServiceBalancers(Clock clock, EventBus events, HealthChecker.Probe probe) {
        this.clock = clock;
        this.events = events;
        this.probe = probe;
    }

    ServiceBalancers() {
        this(Clock.system(), EventBus.global(), HttpHealthProbe.INSTANCE);
    }

    /** The balancer of service {@code name} (lower case) under {@code rules}, or null. */
    LoadBalancer balancer(Rules rules, String name) {
        if (rules != seen) {
            refresh(rules);
        }
        Running r = byName.get(name);
        return r == null ? null : r.balancer;
    }

    private synchronized void refresh(Rules rules) {
        if (rules == seen) {
            return;
        }
        Map<String, Running> before = byName;
        Map<String, Running> next = new LinkedHashMap<>();
        for (ServiceRule rule : rules.http().services().values()) {
            Running old = before.get(rule.name());
            try {
                next.put(rule.name(), old != null && old.rule.equals(rule) ? old : start(rule));
            } catch (RuntimeException | LinkageError e) {
                BulwarkLog.warnOnce("service:" + rule.name(), "cannot balance service " + rule.name()
                        + "; its requests go to the host as written", e);
            }
        }
        before.forEach((name, old) -> {
            if (next.get(name) != old && old.checker != null) {
                old.checker.stop();
            }
        });
        boolean namesChanged = !before.keySet().equals(next.keySet());
        boolean first = seen == null;
        byName = Map.copyOf(next);
        seen = rules;
        Balancers.set(next.values().stream().map(Running::balancer).toList());
        if (namesChanged && !first) {
            HttpGuards.forgetSites(); // a host may have become a service, or stopped being one
        }
    }

    private Running start(ServiceRule rule) {
        LoadBalancer lb = rule.balancer(clock);
        lb.listen(this::changed);
        HealthChecker checker = null;
        if (rule.healthCheck() != null) {
            checker = new HealthChecker(lb, rule.healthCheck(), probe, clock);
            checker.start();
        }
        return new Running(rule, lb, checker);
    }

    private void changed(LoadBalancer lb, Endpoint e, boolean inService, String reason) {
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.EndpointChanged(lb.service(), e.key(), inService, reason,
                    Instant.ofEpochMilli(clock.wallMillis())));
        }
    }

    /** One status per endpoint of every service, named {@code endpoint:SERVICE/HOST:PORT}; DOWN while out. */
    List<HealthStatus> health() {
        List<HealthStatus> all = new ArrayList<>();
        for (Running r : byName.values()) {
            for (Endpoint e : r.balancer.endpoints()) {
                Map<String, Object> data = new HashMap<>();
                data.put("service", r.rule.name());
                data.put("inFlight", e.inFlight());
                data.put("requests", e.requests());
                data.put("failures", e.failures());
                data.put("ejections", e.ejections());
                String name = "endpoint:" + r.rule.name() + "/" + e.key();
                String out = r.balancer.outOfService(e);
                all.add(out == null ? HealthStatus.up(name, data)
                        : HealthStatus.down(name, "endpoint " + e.key() + " of service '" + r.rule.name() + "' is "
                                + out, data));
            }
        }
        return all;
    }
}
