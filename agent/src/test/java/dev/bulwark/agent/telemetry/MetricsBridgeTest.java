package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.OutlierRules;
import dev.bulwark.bootstrap.balance.Strategy;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.FallbackPlan;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.http.HttpClientDurations;
import dev.bulwark.bootstrap.jdbc.StatementDurations;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.stats.DurationHistogram;
import dev.bulwark.bootstrap.time.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsBridgeTest {
    private static final long S = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();
    private final Registry registry = new Registry(clock, new EventBus());
    private final StatementDurations statements = new StatementDurations();
    private final List<HttpClientDurations.Series> requests = new java.util.ArrayList<>();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
            .registerMetricProducer(new DurationHistograms(InstrumentationScopeInfo.create("dev.bulwark"), 0,
                    () -> Map.of("jdbc:postgresql://db1:5432/orders", statements), () -> requests, List::of, null))
            .build();

    private final List<LoadBalancer> balancers = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong droppedEvents = new java.util.concurrent.atomic.AtomicLong();

    MetricsBridgeTest() {
        MetricsBridge.register(provider.get("dev.bulwark"), registry, List::of, new HealthMonitor(registry, List::of),
                () -> balancers, droppedEvents::get);
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private Guard guard() {
        CircuitBreakerRules rules = new CircuitBreakerRules(SlidingWindowType.COUNT, 2, 2, 50, 100, 10 * S, 30 * S, 1,
                List.of(), List.of());
        return registry.guardOf(registry.register("com.acme.Payments#charge",
                new GuardPlan("com.acme.Payments#charge", "payments", rules, null, null, null, null, null, null)));
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
    }

    private static long value(MetricData m, Attributes subset) {
        Collection<LongPointData> points = m.getType().name().contains("GAUGE") ? m.getLongGaugeData().getPoints()
                : m.getLongSumData().getPoints();
        for (LongPointData p : points) {
            if (p.getAttributes().asMap().entrySet().containsAll(subset.asMap().entrySet())) {
                return p.getValue();
            }
        }
        throw new AssertionError("no point with " + subset + " in " + points);
    }

    @Test
    void breakerCallsAndStateCarryPolicyNameTargetAndOutcome() {
        Guard g = guard();
        for (int i = 0; i < 2; i++) {
            assertTrue(g.breaker().tryAcquirePermission());
            g.breaker().onResult(1, new RuntimeException("boom"));
        }
        g.breaker().tryAcquirePermission(); // rejected: open
        Collection<MetricData> all = reader.collectAllMetrics();
        MetricData calls = metric(all, "bulwark.circuit_breaker.calls");
        assertNotNull(calls);
        assertEquals("{call}", calls.getUnit());
        Attributes of = Attributes.of(MetricsBridge.POLICY, "payments", MetricsBridge.TARGET,
                "com.acme.Payments#charge");
        assertEquals(2, value(calls, of.toBuilder().put(MetricsBridge.OUTCOME, "failure").build()));
        assertEquals(1, value(calls, of.toBuilder().put(MetricsBridge.OUTCOME, "rejected").build()));
        MetricData state = metric(all, "bulwark.circuit_breaker.state");
        assertEquals(1, value(state, of.toBuilder().put(MetricsBridge.STATE, "open").build()));
        assertEquals(0, value(state, of.toBuilder().put(MetricsBridge.STATE, "closed").build()));
        MetricData health = metric(all, "bulwark.health.status");
        assertEquals(0, value(health, Attributes.of(MetricsBridge.HEALTH_CHECK, "circuit-breaker:payments")));
    }

    @Test
    void statementDurationsLeaveAsAnExplicitBucketHistogramInSeconds() {
        statements.record(3_000_000L, null); // 3 ms: the (1 ms, 5 ms] bucket
        statements.record(2 * S, null);
        MetricData m = metric(reader.collectAllMetrics(), "db.client.operation.duration");
        assertNotNull(m);
        assertEquals("s", m.getUnit());
        HistogramPointData p = m.getHistogramData().getPoints().iterator().next();
        assertEquals(2, p.getCount());
        assertEquals(2.003, p.getSum(), 1e-9);
        assertEquals(List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0), p.getBoundaries());
        assertEquals(1L, p.getCounts().get(1));
        assertEquals(1L, p.getCounts().get(7)); // (1 s, 5 s]
        assertEquals("postgresql", p.getAttributes().get(AttributeKey.stringKey("db.system.name")));
        assertEquals("db1", p.getAttributes().get(AttributeKey.stringKey("server.address")));
        assertEquals(5432L, p.getAttributes().get(AttributeKey.longKey("server.port")));
        assertEquals("orders", p.getAttributes().get(AttributeKey.stringKey("db.namespace")));
    }

    @Test
    void failedStatementsLeaveByErrorTypeTheSqlStateOrElseTheExceptionClass() {
        statements.record(5_000_000L, null);
        statements.record(1_000_000L, new java.sql.SQLTransientException("deadlock", "40P01"));
        statements.record(2_000_000L, new java.sql.SQLTransientException("deadlock", "40P01"));
        statements.record(4_000_000L, new java.sql.SQLException("no state"));
        MetricData m = metric(reader.collectAllMetrics(), "db.client.operation.duration");
        assertEquals(3, m.getHistogramData().getPoints().size());
        assertEquals(null, point(m, 0.005).getAttributes().get(HttpAttributes.ERROR_TYPE));
        HistogramPointData deadlocks = point(m, 0.003);
        assertEquals(2, deadlocks.getCount());
        assertEquals("40P01", deadlocks.getAttributes().get(HttpAttributes.ERROR_TYPE));
        assertEquals("postgresql", deadlocks.getAttributes().get(AttributeKey.stringKey("db.system.name")));
        assertEquals("java.sql.SQLException", point(m, 0.004).getAttributes().get(HttpAttributes.ERROR_TYPE));
    }

    @Test
    void httpRequestDurationsCarryMethodServerStatusAndErrorType() {
        DurationHistogram ok = new DurationHistogram();
        ok.record(20_000_000L);
        DurationHistogram refused = new DurationHistogram();
        refused.record(1_000_000L);
        DurationHistogram unavailable = new DurationHistogram();
        unavailable.record(4_000_000L);
        requests.add(new HttpClientDurations.Series("api.example.com:8443", "GET", 200, null, ok));
        requests.add(new HttpClientDurations.Series("[::1]:80", "POST", 0, "java.net.ConnectException", refused));
        requests.add(new HttpClientDurations.Series("api.example.com:8443", "GET", 503, "503", unavailable));
        MetricData m = metric(reader.collectAllMetrics(), "http.client.request.duration");
        assertNotNull(m);
        assertEquals("s", m.getUnit());
        assertEquals(3, m.getHistogramData().getPoints().size());
        Attributes get200 = point(m, 0.02).getAttributes();
        assertEquals("GET", get200.get(HttpAttributes.METHOD));
        assertEquals("api.example.com", get200.get(AttributeKey.stringKey("server.address")));
        assertEquals(8443L, get200.get(AttributeKey.longKey("server.port")));
        assertEquals(200L, get200.get(HttpAttributes.STATUS));
        assertEquals(null, get200.get(HttpAttributes.ERROR_TYPE));
        Attributes post = point(m, 0.001).getAttributes();
        assertEquals("::1", post.get(AttributeKey.stringKey("server.address")));
        assertEquals(80L, post.get(AttributeKey.longKey("server.port")));
        assertEquals(null, post.get(HttpAttributes.STATUS));
        assertEquals("java.net.ConnectException", post.get(HttpAttributes.ERROR_TYPE));
        // the semantic conventions' advice for HTTP, not the database buckets
        assertEquals(List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0),
                point(m, 0.02).getBoundaries());
        assertEquals(List.of(0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), point(m, 0.02).getCounts());
        Attributes get503 = point(m, 0.004).getAttributes();
        assertEquals(503L, get503.get(HttpAttributes.STATUS));
        assertEquals("503", get503.get(HttpAttributes.ERROR_TYPE));
    }

    private static HistogramPointData point(MetricData m, double sumSeconds) {
        return m.getHistogramData().getPoints().stream().filter(p -> Math.abs(p.getSum() - sumSeconds) < 1e-9)
                .findFirst().orElseThrow(() -> new AssertionError(m.toString()));
    }

    /** A class with a fallback method, as an annotated application would have. */
    public static final class Orders {
        public String place() {
            throw new IllegalStateException("down");
        }

        public String placeLater() {
            return "queued";
        }
    }

    @Test
    void fallbacksCarryTheTargetAsPolicyNameAndTarget() throws Throwable {
        String target = Orders.class.getName() + "#place";
        Guard g = registry.guardOf(registry.register(target, new GuardPlan(target, null, null, null, null, null, null,
                null, null, null, null, null, new FallbackPlan("placeLater", List.of(), false, null, List.of(),
                        List.of()), null, null)));
        IllegalStateException failure = new IllegalStateException("down");
        assertTrue(g.fallsBackOn(failure));
        assertEquals("queued", g.fallback(Orders.class, new Orders(), new Object[0], failure));
        assertEquals("queued", g.fallback(Orders.class, new Orders(), new Object[0], failure));
        MetricData m = metric(reader.collectAllMetrics(), "bulwark.fallback.calls");
        assertNotNull(m);
        assertEquals("{call}", m.getUnit());
        assertEquals(2, value(m, Attributes.of(MetricsBridge.POLICY, target, MetricsBridge.TARGET, target)));
    }

    @Test
    void loadBalancedEndpointsCountRequestsByOutcomeAndSayWhetherTheyAreInService() {
        Endpoint a = new Endpoint("10.0.0.1", 8080, 1);
        Endpoint b = new Endpoint("10.0.0.2", 8080, 1);
        LoadBalancer lb = new LoadBalancer("orders", Strategy.ROUND_ROBIN, List.of(a, b),
                new OutlierRules(2, 30 * S, 300 * S, 50), clock, bound -> 0);
        balancers.add(lb);
        lb.onEnd(lb.choose(b), false); // a
        lb.onEnd(lb.choose(a), true);  // b
        lb.onEnd(lb.choose(a), true);  // b: two failures in a row, ejected
        Endpoint inFlight = lb.choose(null);
        assertEquals(a, inFlight);
        Collection<MetricData> all = reader.collectAllMetrics();
        Attributes ofA = Attributes.of(MetricsBridge.SERVICE, "orders", MetricsBridge.ENDPOINT, "10.0.0.1:8080");
        Attributes ofB = Attributes.of(MetricsBridge.SERVICE, "orders", MetricsBridge.ENDPOINT, "10.0.0.2:8080");
        MetricData requests = metric(all, "bulwark.load_balancer.endpoint.requests");
        assertEquals("{request}", requests.getUnit());
        assertEquals(1, value(requests, ofA.toBuilder().put(MetricsBridge.OUTCOME, "success").build()));
        assertEquals(0, value(requests, ofA.toBuilder().put(MetricsBridge.OUTCOME, "failure").build()));
        assertEquals(0, value(requests, ofB.toBuilder().put(MetricsBridge.OUTCOME, "success").build()));
        assertEquals(2, value(requests, ofB.toBuilder().put(MetricsBridge.OUTCOME, "failure").build()));
        MetricData inService = metric(all, "bulwark.load_balancer.endpoint.in_service");
        assertEquals("{endpoint}", inService.getUnit());
        assertEquals(1, value(inService, ofA));
        assertEquals(0, value(inService, ofB));
        assertEquals(1, value(metric(all, "bulwark.load_balancer.endpoint.ejections"), ofB));
        assertEquals(1, value(metric(all, "bulwark.load_balancer.endpoint.in_flight"), ofA));

        clock.advanceNanos(31 * S); // the ejection is over
        assertEquals(1, value(metric(reader.collectAllMetrics(), "bulwark.load_balancer.endpoint.in_service"), ofB));
    }

    @Test
    void droppedEventsAreACounter() {
        droppedEvents.set(7);
        MetricData m = metric(reader.collectAllMetrics(), "bulwark.events.dropped");
        assertNotNull(m);
        assertEquals("{event}", m.getUnit());
        assertTrue(m.getLongSumData().isMonotonic());
        assertEquals(7, value(m, Attributes.empty()));
    }
}
