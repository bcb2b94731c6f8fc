package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.balance.HealthCheckRules;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.OutlierRules;
import dev.bulwark.bootstrap.balance.Strategy;
import dev.bulwark.bootstrap.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http.services: logical services, read and checked like the rest of the file. */
class ServiceRulesTest {
    @TempDir
    Path dir;

    private Loader.Result load(String yaml, Properties properties) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return Loader.load(file, null, null, Map.of(), properties);
    }

    private List<String> errors(String yaml) throws Exception {
        return load(yaml, new Properties()).errors().stream()
                .map(e -> e.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void everyServiceKeyIsRead() throws Exception {
        Loader.Result r = load("""
                http:
                  services:
                    Orders:
                      endpoints: [10.0.0.1:8080=3, "orders-b.internal:8081", "[::1]:9000"]
                      strategy: weighted-round-robin
                      outlier-ejection:
                        consecutive-failures: 2
                        base-ejection-time: 500ms
                        max-ejection-time: 5s
                        max-ejected-percent: 30
                """, new Properties());
        assertEquals(List.of(), r.errors());
        ServiceRule orders = r.rules().http().service("ORDERS");
        assertEquals("orders", orders.name());
        assertEquals(Strategy.WEIGHTED_ROUND_ROBIN, orders.strategy());
        assertEquals(List.of(new ServiceRule.Address("10.0.0.1", 8080, 3),
                new ServiceRule.Address("orders-b.internal", 8081, 1), new ServiceRule.Address("[::1]", 9000, 1)),
                orders.endpoints());
        assertEquals(new OutlierRules(2, 500_000_000L, 5_000_000_000L, 30), orders.outliers());
        LoadBalancer lb = orders.balancer(new ManualClock());
        assertEquals("10.0.0.1:8080", lb.choose(null).key());
    }

    @Test
    void aServiceWithOnlyEndpointsGetsRoundRobinAndTheDefaultEjection() throws Exception {
        Loader.Result r = load("http:\n  services:\n    orders:\n      endpoints: [a:1, b:2]\n", new Properties());
        assertEquals(List.of(), r.errors());
        ServiceRule orders = r.rules().http().service("orders");
        assertEquals(Strategy.ROUND_ROBIN, orders.strategy());
        assertEquals(OutlierRules.defaults(), orders.outliers());
        assertNull(r.rules().http().service("payments"));
    }

    @Test
    void withoutServicesNoHostIsAService() throws Exception {
        assertNull(load("http:\n  enabled: true\n", new Properties()).rules().http().service("orders"));
    }

    @Test
    void aSystemPropertySetsTheStrategy() throws Exception {
        Properties p = new Properties();
        p.setProperty("bulwark.http.services.orders.strategy", "least-connections");
        Loader.Result r = load("http:\n  services:\n    orders:\n      endpoints: [a:1, b:2]\n", p);
        assertEquals(List.of(), r.errors());
        assertSame(Strategy.LEAST_CONNECTIONS, r.rules().http().service("orders").strategy());
    }

    @Test
    void anUnknownStrategySuggestsTheClosest() throws Exception {
        assertEquals(List.of("bulwark.yaml:5: http.services.orders.strategy: 'least-connection' is not a strategy."
                + " Did you mean 'least-connections'? Allowed: round-robin, least-connections, random,"
                + " weighted-round-robin"),
                errors("http:\n  services:\n    orders:\n      endpoints: [a:1]\n      strategy: least-connection\n"));
    }

    @Test
    void anUnknownServiceKeySuggestsTheClosest() throws Exception {
        List<String> e = errors("http:\n  services:\n    orders:\n      endpoints: [a:1]\n      endpoint: x\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).contains("unknown key 'endpoint' under http.services.orders. Did you mean 'endpoints'?"
                + " Allowed: endpoints, strategy, outlier-ejection, health-check"), e::toString);
        e = errors("http:\n  services:\n    orders:\n      endpoints: [a:1]\n      outlier-ejection:\n"
                + "        consecutive-failure: 3\n");
        assertTrue(e.get(0).contains("Did you mean 'consecutive-failures'?"), e::toString);
    }

    @Test
    void anEndpointMustBeHostAndPort() throws Exception {
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: 'http://a:1/x' is not host:port (a host"
                + " name or address and a port from 1 to 65535, no scheme or path)"),
                errors("http:\n  services:\n    orders:\n      endpoints: [\"http://a:1/x\"]\n"));
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: 'a' is not host:port (a host"
                + " name or address and a port from 1 to 65535, no scheme or path)"),
                errors("http:\n  services:\n    orders:\n      endpoints: [a]\n"));
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: 'a:1=0' has weight '0'; a weight is a"
                + " whole number from 1 to 100"),
                errors("http:\n  services:\n    orders:\n      endpoints: [a:1=0]\n"
                        + "      strategy: weighted-round-robin\n"));
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: a:1 is listed twice"),
                errors("http:\n  services:\n    orders:\n      endpoints: [a:1, A:1]\n"));
    }

    @Test
    void aServiceWithoutEndpointsIsAnError() throws Exception {
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: service orders has no endpoints;"
                + " allowed: a list of host:port, such as [10.0.0.1:8080, 10.0.0.2:8080]"),
                errors("http:\n  services:\n    orders:\n      strategy: random\n"));
    }

    @Test
    void weightsNeedTheWeightedStrategy() throws Exception {
        List<String> e = errors("http:\n  services:\n    orders:\n      endpoints: [a:1=2, b:1]\n");
        assertEquals(List.of("bulwark.yaml:4: http.services.orders.endpoints: a weight (host:port=N) is only read by"
                + " strategy weighted-round-robin, and service orders uses round-robin; set"
                + " http.services.orders.strategy: weighted-round-robin or drop the weights"), e);
    }

    @Test
    void badEjectionValuesNameTheKeyAndWhatIsAllowed() throws Exception {
        String head = "http:\n  services:\n    orders:\n      endpoints: [a:1]\n      outlier-ejection:\n";
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.outlier-ejection.max-ejected-percent: '120' is not"
                + " allowed; allowed: a whole number from 0 to 100"),
                errors(head + "        max-ejected-percent: 120\n"));
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.outlier-ejection.consecutive-failures: '0' is not"
                + " allowed; allowed: a whole number from 1 up"),
                errors(head + "        consecutive-failures: 0\n"));
        assertEquals(1, errors(head + "        base-ejection-time: soon\n").size());
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.outlier-ejection: max-ejection-time must be at"
                + " least base-ejection-time"),
                errors(head + "        max-ejection-time: 1s\n        base-ejection-time: 2s\n"));
    }

    @Test
    void aServiceNameIsAPlainHostLabel() throws Exception {
        List<String> e = errors("http:\n  services:\n    \"orders_api\":\n      endpoints: [a:1]\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).contains("'orders_api' is not a service name"), e::toString);
    }

    @Test
    void healthChecksAreOffUnlessAPathIsSetAndTakeTheDefaultsForTheRest() throws Exception {
        Loader.Result r = load("http:\n  services:\n    orders:\n      endpoints: [a:1]\n"
                + "    search:\n      endpoints: [b:1]\n      health-check: {path: /health}\n", new Properties());
        assertEquals(List.of(), r.errors());
        assertNull(r.rules().http().service("orders").healthCheck());
        assertEquals(new HealthCheckRules("/health", 10_000_000_000L, 2_000_000_000L, 2, 3),
                r.rules().http().service("search").healthCheck());
    }

    @Test
    void everyHealthCheckKeyIsRead() throws Exception {
        Loader.Result r = load("""
                http:
                  services:
                    orders:
                      endpoints: [a:1]
                      health-check:
                        path: /ready
                        interval: 5s
                        timeout: 500ms
                        healthy-threshold: 1
                        unhealthy-threshold: 4
                """, new Properties());
        assertEquals(List.of(), r.errors());
        assertEquals(new HealthCheckRules("/ready", 5_000_000_000L, 500_000_000L, 1, 4),
                r.rules().http().service("orders").healthCheck());
    }

    @Test
    void badHealthCheckValuesNameTheKeyAndWhatIsAllowed() throws Exception {
        String head = "http:\n  services:\n    orders:\n      endpoints: [a:1]\n      health-check:\n";
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.health-check.path: 'health' is not allowed;"
                + " allowed: a path starting with /, such as /health, with no query string"),
                errors(head + "        path: health\n"));
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.health-check.path: '/health?key=x' is not"
                + " allowed; allowed: a path starting with /, such as /health, with no query string"),
                errors(head + "        path: /health?key=x\n"));
        assertEquals(List.of("bulwark.yaml:7: http.services.orders.health-check.unhealthy-threshold: '0' is not"
                + " allowed; allowed: a whole number from 1 to 1000"),
                errors(head + "        path: /h\n        unhealthy-threshold: 0\n"));
        assertEquals(1, errors(head + "        path: /h\n        interval: often\n").size());
        assertEquals(List.of("bulwark.yaml:6: http.services.orders.health-check: no path is set, and health checks"
                + " run only with one; set http.services.orders.health-check.path, such as /health"),
                errors(head + "        interval: 5s\n"));
        List<String> e = errors(head + "        intervall: 5s\n");
        assertTrue(e.get(0).contains("Did you mean 'interval'?"), e::toString);
    }
}
