package dev.bulwark.agent.instrument.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balancers of the services in force: kept across reloads that leave them alone, health and events. */
class ServiceBalancersTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<String> probed = new ArrayList<>();
    private final ServiceBalancers services = new ServiceBalancers(clock, events, (e, rules) -> {
        probed.add(e.key());
        return "HTTP 503";
    });

    private Rules load(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        Loader.Result r = Loader.load(file, null, null, Map.of(), new Properties());
        assertEquals(List.of(), r.errors());
        return r.rules();
    }

    private static final String ORDERS = "http:\n  services:\n    orders:\n      endpoints: [a:1, b:1, c:1]\n";

    @Test
    void aServiceIsFoundByItsLowerCaseName() throws Exception {
        Rules rules = load(ORDERS);
        assertEquals("orders", services.balancer(rules, "orders").service());
        assertNull(services.balancer(rules, "payments"));
    }

    @Test
    void aReloadKeepsTheBalancerOfAnUnchangedServiceAndReplacesAChangedOne() throws Exception {
        LoadBalancer before = services.balancer(load(ORDERS), "orders");
        assertSame(before, services.balancer(load(ORDERS + "  retry-methods: [GET]\n"), "orders"));
        assertNotSame(before, services.balancer(load(ORDERS + "      strategy: random\n"), "orders"));
    }

    @Test
    void healthChecksStartWithTheServiceAndStopWhenItGoes() throws Exception {
        services.balancer(load(ORDERS + "      health-check: {path: /health, interval: 1s, unhealthy-threshold: 1}\n"),
                "orders");
        clock.advance(java.time.Duration.ofSeconds(1));
        assertEquals(List.of("a:1", "b:1", "c:1"), probed);
        services.balancer(load("http:\n  enabled: true\n"), "orders");
        clock.advance(java.time.Duration.ofSeconds(5));
        assertEquals(3, probed.size(), "no check after the service went");
    }

    @Test
    void eachEndpointHasAHealthStatusThatIsDownWhileItIsOut() throws Exception {
        LoadBalancer lb = services.balancer(load(ORDERS
                + "      outlier-ejection: {consecutive-failures: 1, base-ejection-time: 30s}\n"), "orders");
        Endpoint a = lb.choose(null);
        lb.onEnd(a, true);
        List<HealthStatus> health = services.health();
        assertEquals(List.of("endpoint:orders/a:1", "endpoint:orders/b:1", "endpoint:orders/c:1"),
                health.stream().map(HealthStatus::name).toList());
        assertFalse(health.get(0).up());
        assertEquals("endpoint a:1 of service 'orders' is ejected after 1 failures in a row, back in 30s",
                health.get(0).reason());
        assertTrue(health.get(1).up());
        assertEquals(1, health.get(0).data().get("ejections"));
        assertEquals(1L, health.get(0).data().get("failures"));
        assertEquals(List.of(lb), dev.bulwark.bootstrap.balance.Balancers.inForce(), "telemetry sees the balancers");
    }

    @Test
    void anEjectionIsAnEvent() throws Exception {
        List<BulwarkEvent> heard = new ArrayList<>();
        events.subscribe(heard::add);
        LoadBalancer lb = services.balancer(load(ORDERS
                + "      outlier-ejection: {consecutive-failures: 1, base-ejection-time: 2s}\n"), "orders");
        Endpoint a = lb.choose(null);
        lb.onEnd(a, true);
        clock.advance(java.time.Duration.ofSeconds(2));
        assertTrue(lb.inService(a));
        assertEquals(List.of("endpoint a:1 of service 'orders' is out of service: ejected after 1 failures in a row,"
                + " for 2s", "endpoint a:1 of service 'orders' is back in service: its ejection time is over"),
                heard.stream().map(Object::toString).toList());
    }

    @Test
    void aServiceTakesThePoliciesOfTheHostPatternsThatNameIt() throws Exception {
        HttpPlanner planner = new HttpPlanner(new RulesInForce(load(ORDERS + "  hosts:\n    orders:\n"
                + "      bulkhead: {max-concurrent-calls: 4}\n    \"orders:8080\":\n      retry: {max-attempts: 9}\n")),
                services);
        GuardPlan plan = planner.plan("orders");
        assertEquals("orders", plan.breakerName());
        assertEquals(4, plan.bulkhead().maxConcurrentCalls());
        assertEquals(3, plan.retry().maxAttempts(), "a pattern with a port names a server, not the service");
        assertEquals("orders", planner.balancer("orders").service());
    }
}
