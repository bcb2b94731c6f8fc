package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real agent exporting to an OTLP receiver started here, decoded with the official proto classes. */
class TelemetryIT {
    private static final String APP = "dev.bulwark.it.app.telemetry.TelemetryApp";
    private static final String PASSWORD = "s3cr3t-pw";
    private static final String TOKEN = "t0ken-s3cr3t";

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    /** Each JDK with each OTLP protocol the SDK's autoconfigure module offers. */
    static List<Arguments> jdksAndProtocols() {
        return OtlpReceiver.jdksAndProtocols();
    }

    private static List<String> exportTo(OtlpReceiver receiver, String... more) {
        List<String> options = new ArrayList<>(receiver.exportOptions());
        options.addAll(List.of("-Dotel.metric.export.interval=300", "-Dotel.blrp.schedule.delay=100",
                "-Dotel.service.name=telemetry-it"));
        options.addAll(List.of(more));
        return options;
    }

    /** The value of the last point of {@code name} whose attributes include {@code attributes}. */
    private static NumberDataPoint lastPoint(OtlpReceiver receiver, String name, Map<String, String> attributes) {
        NumberDataPoint found = null;
        for (OtlpReceiver.Received r : receiver.metrics(name)) {
            Metric m = r.metric();
            List<NumberDataPoint> points = m.hasSum() ? m.getSum().getDataPointsList()
                    : m.getGauge().getDataPointsList();
            for (NumberDataPoint p : points) {
                if (OtlpReceiver.has(p.getAttributesList(), attributes)) {
                    found = p;
                }
            }
        }
        return found;
    }

    /** The last histogram point of {@code name} whose attributes include {@code attributes}, or null. */
    private static HistogramDataPoint lastHistogramPoint(OtlpReceiver receiver, String name,
            Map<String, String> attributes) {
        HistogramDataPoint found = null;
        for (OtlpReceiver.Received r : receiver.metrics(name)) {
            for (HistogramDataPoint p : r.metric().getHistogram().getDataPointsList()) {
                if (OtlpReceiver.has(p.getAttributesList(), attributes)) {
                    found = p;
                }
            }
        }
        return found;
    }

    private static Metric last(OtlpReceiver receiver, String name) {
        List<OtlpReceiver.Received> all = receiver.metrics(name);
        assertFalse(all.isEmpty(), () -> "no " + name + " among " + receiver.metrics().stream()
                .map(r -> r.metric().getName()).distinct().toList());
        return all.get(all.size() - 1).metric();
    }

    @ParameterizedTest
    @MethodSource("jdksAndProtocols")
    void policyPoolStatementAndRuntimeMetricsAndEventsReachTheCollectorWithoutCredentials(Path jdk, String protocol)
            throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(protocol)) {
            Path config = dir.resolve("bulwark.yaml");
            Files.writeString(config, "jdbc: {enabled: true}\n");
            AgentJvm.Result r = AgentJvm.start(jdk, true, "config=" + config, exportTo(receiver), APP, "export", "1500")
                    .waitFor();
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.outLines().contains("open CircuitBreakerOpenException"), r::toString);
            assertFalse(r.err().contains("could not export"), r::toString);

            Map<String, String> payments = Map.of("bulwark.policy.name", "payments");
            Metric calls = last(receiver, "bulwark.circuit_breaker.calls");
            assertEquals("{call}", calls.getUnit());
            assertTrue(calls.getSum().getIsMonotonic(), calls::toString);
            NumberDataPoint failures = lastPoint(receiver, "bulwark.circuit_breaker.calls",
                    Map.of("bulwark.policy.name", "payments", "bulwark.outcome", "failure"));
            assertNotNull(failures, calls::toString);
            assertEquals(4, failures.getAsInt());
            assertTrue(OtlpReceiver.string(failures.getAttributesList(), "bulwark.target").contains("Payments#charge"),
                    failures::toString);
            assertEquals(1, lastPoint(receiver, "bulwark.circuit_breaker.calls",
                    Map.of("bulwark.policy.name", "payments", "bulwark.outcome", "rejected")).getAsInt());
            assertEquals(1, lastPoint(receiver, "bulwark.circuit_breaker.state",
                    Map.of("bulwark.policy.name", "payments", "bulwark.circuit_breaker.state", "open")).getAsInt());
            assertEquals(0, lastPoint(receiver, "bulwark.circuit_breaker.state",
                    Map.of("bulwark.policy.name", "payments", "bulwark.circuit_breaker.state", "closed")).getAsInt());
            assertEquals(0, lastPoint(receiver, "bulwark.health.status",
                    Map.of("bulwark.health.check", "circuit-breaker:payments")).getAsInt());
            assertNotNull(lastPoint(receiver, "bulwark.circuit_breaker.transitions", payments));

            Metric operations = last(receiver, "db.client.operation.duration");
            assertEquals("s", operations.getUnit());
            HistogramDataPoint statements = operations.getHistogram().getDataPoints(0);
            assertEquals("h2database", OtlpReceiver.string(statements.getAttributesList(), "db.system.name"));
            assertEquals("jdbc:h2:mem:orders", OtlpReceiver.string(statements.getAttributesList(), "bulwark.database"));
            assertTrue(statements.getCount() >= 3, statements::toString);
            assertEquals(0.001, statements.getExplicitBounds(0), 1e-12);
            assertEquals(statements.getExplicitBoundsCount() + 1, statements.getBucketCountsCount());

            NumberDataPoint idle = lastPoint(receiver, "db.client.connection.count",
                    Map.of("db.client.connection.state", "idle"));
            assertNotNull(idle, () -> receiver.metrics("db.client.connection.count").toString());
            assertEquals("{connection}", last(receiver, "db.client.connection.count").getUnit());
            assertTrue(OtlpReceiver.string(idle.getAttributesList(), "db.client.connection.pool.name")
                    .startsWith("jdbc:h2:mem:orders"), idle::toString);
            assertEquals("s", last(receiver, "db.client.connection.wait_time").getUnit());

            assertEquals("By", last(receiver, "jvm.memory.used").getUnit());
            assertNotNull(last(receiver, "jvm.thread.count"));
            assertEquals("s", last(receiver, "bulwark.scheduling.lag").getUnit());
            assertEquals("telemetry-it", OtlpReceiver.string(receiver.metrics("bulwark.circuit_breaker.calls").get(0)
                    .resource().getResource().getAttributesList(), "service.name"));

            assertTrue(receiver.await(x -> x.logs().stream().anyMatch(l -> l.log().getEventName()
                    .equals("bulwark.circuit_breaker.state_transition")), 2000), () -> receiver.logs().toString());
            var transition = receiver.logs().stream().filter(l -> l.log().getEventName()
                    .equals("bulwark.circuit_breaker.state_transition")).findFirst().orElseThrow().log();
            List<KeyValue> attributes = transition.getAttributesList();
            assertEquals("payments", OtlpReceiver.string(attributes, "bulwark.policy.name"));
            assertEquals("closed", OtlpReceiver.string(attributes, "bulwark.circuit_breaker.state.from"));
            assertEquals("open", OtlpReceiver.string(attributes, "bulwark.circuit_breaker.state.to"));
            assertEquals("WARN", transition.getSeverityText().isEmpty() ? transition.getSeverityNumber().name()
                    .replace("SEVERITY_NUMBER_", "") : transition.getSeverityText());

            assertTrue(receiver.payloads() > 0);
            assertFalse(receiver.anyPayloadContains(PASSWORD), "a password reached an export");
            assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), r::toString);
        }
    }

    private static final String SHOP = "dev.bulwark.it.app.telemetry.Shop#";

    /** The value of the last point of {@code name} with {@code attributes}; fails naming what arrived if none. */
    private static long value(OtlpReceiver receiver, String name, Map<String, String> attributes) {
        NumberDataPoint p = lastPoint(receiver, name, attributes);
        assertNotNull(p, () -> "no point of " + name + " with " + attributes + " in " + receiver.metrics(name));
        return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : Math.round(p.getAsDouble());
    }

    private static Map<String, String> policy(String name, String method, String... more) {
        Map<String, String> a = new java.util.HashMap<>(Map.of("bulwark.policy.name", name, "bulwark.target",
                SHOP + method));
        for (int i = 0; i < more.length; i += 2) {
            a.put(more[i], more[i + 1]);
        }
        return a;
    }

    private static Map<String, String> orders(String... more) {
        return policy("orders", "order", more);
    }

    /** How many metric exports carried the breaker state so far. */
    private static long stateExports(OtlpReceiver receiver) {
        return receiver.metrics("bulwark.circuit_breaker.state").size();
    }

    /**
     * Waits until {@code condition} holds, then for two more exports: the last of them was collected
     * after the app printed the step's line, so every point of it shows the step's final state.
     */
    private static void awaitStep(OtlpReceiver receiver, AgentJvm.Running app, String step,
            java.util.function.Predicate<OtlpReceiver> condition) throws Exception {
        app.awaitLine("step " + step);
        assertTrue(receiver.await(condition, 60_000), () -> "step " + step + ": " + receiver.metrics().stream()
                .map(r -> r.metric().getName()).distinct().toList());
        long seen = stateExports(receiver);
        assertTrue(receiver.await(x -> stateExports(x) >= seen + 2, 60_000), "no further export");
    }

    private static boolean stateIs(OtlpReceiver receiver, String state) {
        NumberDataPoint p = lastPoint(receiver, "bulwark.circuit_breaker.state", orders(
                "bulwark.circuit_breaker.state", state));
        return p != null && p.getAsInt() == 1;
    }

    private static List<KeyValue> logRecord(OtlpReceiver receiver, String eventName, Map<String, String> attributes)
            throws InterruptedException {
        assertTrue(receiver.await(x -> x.logs().stream().anyMatch(l -> l.log().getEventName().equals(eventName)
                && OtlpReceiver.has(l.log().getAttributesList(), attributes)), 30_000),
                () -> "no " + eventName + " with " + attributes + " among " + receiver.logs());
        return receiver.logs().stream().filter(l -> l.log().getEventName().equals(eventName)
                && OtlpReceiver.has(l.log().getAttributesList(), attributes)).findFirst().orElseThrow().log()
                .getAttributesList();
    }

    private static void assertUnit(OtlpReceiver receiver, String name, String unit) {
        assertEquals(unit, last(receiver, name).getUnit(), name);
    }

    @ParameterizedTest
    @MethodSource("jdksAndProtocols")
    void everyPolicysMetricsAndTheBreakersStatesAndTransitionsReachTheCollector(Path jdk, String protocol)
            throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(protocol)) {
            Path config = dir.resolve("bulwark.yaml");
            Files.writeString(config, "jdbc: {enabled: true}\n");
            AgentJvm.Running app = AgentJvm.start(jdk, true, "config=" + config + ",reload-interval=100ms",
                    exportTo(receiver), APP, "policies", dir.toString());

            // 1. CLOSED, every other policy used, two calls inside bulkheads and one waiting
            awaitStep(receiver, app, "closed", x -> stateIs(x, "closed") && lastPoint(x,
                    "bulwark.bulkhead.waiting_calls", policy("exports", "export")) != null && lastPoint(x,
                    "bulwark.bulkhead.waiting_calls", policy("exports", "export")).getAsInt() == 1
                    && !x.metrics("jvm.gc.duration").isEmpty());
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.state", orders("bulwark.circuit_breaker.state",
                    "open")));
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.state", orders("bulwark.circuit_breaker.state",
                    "half_open")));
            assertUnit(receiver, "bulwark.circuit_breaker.calls", "{call}");
            assertEquals(3, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "success")));
            assertEquals(1, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "failure")));
            assertEquals(1, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "ignored")));
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "rejected")));
            assertUnit(receiver, "bulwark.circuit_breaker.slow_calls", "{call}");
            assertEquals(1, value(receiver, "bulwark.circuit_breaker.slow_calls", orders()));
            assertUnit(receiver, "bulwark.circuit_breaker.failure_rate", "%");
            assertEquals(25.0, lastPoint(receiver, "bulwark.circuit_breaker.failure_rate", orders()).getAsDouble(),
                    1e-9);
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.transitions", orders()));

            assertUnit(receiver, "bulwark.retry.calls", "{call}");
            Map<String, String> reserve = policy("inventory", "reserve");
            assertEquals(1, value(receiver, "bulwark.retry.calls", policy("inventory", "reserve",
                    "bulwark.outcome", "success", "bulwark.retry.retried", "false")));
            assertEquals(1, value(receiver, "bulwark.retry.calls", policy("inventory", "reserve",
                    "bulwark.outcome", "success", "bulwark.retry.retried", "true")));
            assertEquals(1, value(receiver, "bulwark.retry.calls", policy("inventory", "reserve",
                    "bulwark.outcome", "failure", "bulwark.retry.retried", "true")));
            assertEquals(0, value(receiver, "bulwark.retry.calls", policy("inventory", "reserve",
                    "bulwark.outcome", "failure", "bulwark.retry.retried", "false")));
            assertUnit(receiver, "bulwark.retry.attempts", "{attempt}");
            assertEquals(3, value(receiver, "bulwark.retry.attempts", reserve));
            assertUnit(receiver, "bulwark.retry_budget.exhausted", "{call}");
            assertEquals(1, value(receiver, "bulwark.retry_budget.exhausted", policy("restock", "restock")));
            assertEquals(0, value(receiver, "bulwark.retry_budget.exhausted", reserve));
            // A retry the budget refuses is no attempt, and its call failed without a retry.
            assertEquals(0, value(receiver, "bulwark.retry.attempts", policy("restock", "restock")));
            assertEquals(1, value(receiver, "bulwark.retry.calls", policy("restock", "restock",
                    "bulwark.outcome", "failure", "bulwark.retry.retried", "false")));

            assertUnit(receiver, "bulwark.bulkhead.calls", "{call}");
            assertEquals(1, value(receiver, "bulwark.bulkhead.calls", policy("reports", "report",
                    "bulwark.outcome", "permitted")));
            assertEquals(1, value(receiver, "bulwark.bulkhead.calls", policy("reports", "report",
                    "bulwark.outcome", "rejected")));
            assertUnit(receiver, "bulwark.bulkhead.concurrent_calls", "{call}");
            assertEquals(1, value(receiver, "bulwark.bulkhead.concurrent_calls", policy("reports", "report")));
            assertEquals(0, value(receiver, "bulwark.bulkhead.waiting_calls", policy("reports", "report")));
            assertEquals(1, value(receiver, "bulwark.bulkhead.concurrent_calls", policy("exports", "export")));
            assertUnit(receiver, "bulwark.bulkhead.waiting_calls", "{call}");
            assertEquals(1, value(receiver, "bulwark.bulkhead.waiting_calls", policy("exports", "export")));
            assertEquals(1, value(receiver, "bulwark.bulkhead.calls", policy("exports", "export",
                    "bulwark.outcome", "permitted")));
            assertUnit(receiver, "bulwark.bulkhead.limit", "{call}");
            assertEquals(1, value(receiver, "bulwark.bulkhead.limit", policy("exports", "export")));

            assertUnit(receiver, "bulwark.rate_limiter.calls", "{call}");
            assertEquals(2, value(receiver, "bulwark.rate_limiter.calls", policy("search", "search",
                    "bulwark.outcome", "permitted")));
            assertEquals(1, value(receiver, "bulwark.rate_limiter.calls", policy("search", "search",
                    "bulwark.outcome", "rejected")));
            assertUnit(receiver, "bulwark.rate_limiter.available_permits", "{permit}");
            assertEquals(0, value(receiver, "bulwark.rate_limiter.available_permits", policy("search", "search")));

            assertUnit(receiver, "bulwark.timeout.calls", "{call}");
            assertEquals(1, value(receiver, "bulwark.timeout.calls", policy("pricing", "price",
                    "bulwark.outcome", "in_time")));
            assertEquals(1, value(receiver, "bulwark.timeout.calls", policy("pricing", "price",
                    "bulwark.outcome", "timed_out")));

            assertUnit(receiver, "bulwark.fallback.calls", "{call}");
            assertEquals(2, value(receiver, "bulwark.fallback.calls", Map.of("bulwark.policy.name", SHOP + "quote",
                    "bulwark.target", SHOP + "quote")));

            // one metric of each runtime family
            assertUnit(receiver, "jvm.memory.used", "By");
            assertUnit(receiver, "jvm.cpu.time", "s");
            assertUnit(receiver, "jvm.thread.count", "{thread}");
            assertUnit(receiver, "jvm.class.loaded", "{class}");
            assertUnit(receiver, "jvm.gc.duration", "s");
            // every runtime metric the README lists, and no other
            assertEquals(List.of("jvm.class.count {class} SUM", "jvm.class.loaded {class} SUM",
                    "jvm.class.unloaded {class} SUM", "jvm.cpu.count {cpu} SUM", "jvm.cpu.recent_utilization 1 GAUGE",
                    "jvm.cpu.time s SUM", "jvm.gc.duration s HISTOGRAM", "jvm.memory.committed By SUM",
                    "jvm.memory.limit By SUM", "jvm.memory.used By SUM", "jvm.memory.used_after_last_gc By SUM",
                    "jvm.thread.count {thread} SUM"), receiver.metrics().stream().map(x -> x.metric().getName() + " "
                    + x.metric().getUnit() + " " + x.metric().getDataCase()).filter(n -> n.startsWith("jvm."))
                    .distinct().sorted().toList());
            assertTrue(last(receiver, "jvm.class.loaded").getSum().getIsMonotonic());
            assertFalse(last(receiver, "jvm.thread.count").getSum().getIsMonotonic());
            assertEquals("io.opentelemetry.runtime-telemetry", receiver.metrics("jvm.memory.used").get(0).scope()
                    .getScope().getName());
            List<KeyValue> memory = last(receiver, "jvm.memory.used").getSum().getDataPoints(0).getAttributesList();
            assertNotNull(OtlpReceiver.string(memory, "jvm.memory.type"), memory::toString);
            assertNotNull(OtlpReceiver.string(memory, "jvm.memory.pool.name"), memory::toString);
            List<KeyValue> threads = last(receiver, "jvm.thread.count").getSum().getDataPoints(0).getAttributesList();
            assertNotNull(OtlpReceiver.string(threads, "jvm.thread.daemon"), threads::toString);
            assertNotNull(OtlpReceiver.string(threads, "jvm.thread.state"), threads::toString);
            List<KeyValue> gc = last(receiver, "jvm.gc.duration").getHistogram().getDataPoints(0).getAttributesList();
            assertNotNull(OtlpReceiver.string(gc, "jvm.gc.name"), gc::toString);
            assertNotNull(OtlpReceiver.string(gc, "jvm.gc.action"), gc::toString);

            List<KeyValue> exhausted = logRecord(receiver, "bulwark.retry.exhausted", reserve);
            assertEquals("3", OtlpReceiver.string(exhausted, "bulwark.retry.attempts"));
            assertEquals("java.lang.IllegalStateException", OtlpReceiver.string(exhausted, "exception.type"));
            Files.createFile(dir.resolve("closed-seen"));

            // 2. OPEN, and a reload that does not validate
            awaitStep(receiver, app, "open", x -> stateIs(x, "open"));
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.state", orders("bulwark.circuit_breaker.state",
                    "closed")));
            assertEquals(3, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "failure")));
            assertEquals(1, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "rejected")));
            assertEquals(75.0, lastPoint(receiver, "bulwark.circuit_breaker.failure_rate", orders()).getAsDouble(),
                    1e-9);
            assertEquals(1, value(receiver, "bulwark.circuit_breaker.transitions", orders()));
            assertEquals(0, value(receiver, "bulwark.bulkhead.concurrent_calls", policy("exports", "export")));
            assertEquals(2, value(receiver, "bulwark.bulkhead.calls", policy("exports", "export",
                    "bulwark.outcome", "permitted")));
            List<KeyValue> opened = logRecord(receiver, "bulwark.circuit_breaker.state_transition", Map.of(
                    "bulwark.policy.name", "orders", "bulwark.circuit_breaker.state.to", "open"));
            assertEquals("closed", OtlpReceiver.string(opened, "bulwark.circuit_breaker.state.from"));

            Files.writeString(config, "circuit-breakers:\n  orders: {failure-rate-threshold: 500}\n");
            List<KeyValue> rejected = logRecord(receiver, "bulwark.config.rejected", Map.of());
            assertEquals(config.toString(), OtlpReceiver.string(rejected, "bulwark.config.source"));
            assertEquals("1", OtlpReceiver.string(rejected, "bulwark.config.errors"));
            var rejectedRecord = receiver.logs().stream().filter(l -> l.log().getEventName()
                    .equals("bulwark.config.rejected")).findFirst().orElseThrow().log();
            assertEquals("SEVERITY_NUMBER_ERROR", rejectedRecord.getSeverityNumber().name());
            assertTrue(rejectedRecord.getBody().getStringValue().contains("failure-rate-threshold"),
                    rejectedRecord::toString);
            Files.createFile(dir.resolve("open-seen"));

            // 3. HALF_OPEN after one of two trial calls, 4. CLOSED after the second
            awaitStep(receiver, app, "half_open", x -> stateIs(x, "half_open"));
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.state", orders("bulwark.circuit_breaker.state",
                    "open")));
            logRecord(receiver, "bulwark.circuit_breaker.state_transition", Map.of("bulwark.policy.name", "orders",
                    "bulwark.circuit_breaker.state.from", "open", "bulwark.circuit_breaker.state.to", "half_open"));
            Files.createFile(dir.resolve("half-open-seen"));

            awaitStep(receiver, app, "closed-again", x -> stateIs(x, "closed"));
            assertEquals(0, value(receiver, "bulwark.circuit_breaker.state", orders("bulwark.circuit_breaker.state",
                    "half_open")));
            assertEquals(3, value(receiver, "bulwark.circuit_breaker.transitions", orders()));
            assertEquals(5, value(receiver, "bulwark.circuit_breaker.calls", orders("bulwark.outcome", "success")));
            logRecord(receiver, "bulwark.circuit_breaker.state_transition", Map.of("bulwark.policy.name", "orders",
                    "bulwark.circuit_breaker.state.from", "half_open", "bulwark.circuit_breaker.state.to", "closed"));
            Files.createFile(dir.resolve("done-seen"));

            AgentJvm.Result r = app.waitFor();
            assertEquals(0, r.exitCode(), r::toString);
            List<String> out = r.outLines();
            assertTrue(out.containsAll(List.of("order invalid IllegalArgumentException",
                    "reserve reserved reserved IllegalStateException", "restock IllegalStateException",
                    "search RateLimitExceededException",
                    "price priced TimeoutExceededException", "quote later later", "report BulkheadFullException",
                    "order rejected CircuitBreakerOpenException", "done")), r::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("jdksAndProtocols")
    void httpRequestDurationsReachTheCollectorWithoutTheUrlsCredentialsOrQuery(Path jdk, String protocol)
            throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(protocol)) {
            AgentJvm.Result r = AgentJvm.start(jdk, true, null, exportTo(receiver), APP, "http", "1000").waitFor();
            assertEquals(0, r.exitCode(), r::toString);
            List<String> out = r.outLines();
            assertTrue(out.containsAll(List.of("jdk get 200", "jdk post 503", "urlconnection get 200",
                    "urlconnection refused ConnectException", "okhttp get 200", "done")), r::toString);
            assertFalse(r.err().contains("WARN"), r::toString);
            String[] ports = out.stream().filter(l -> l.startsWith("ports ")).findFirst().orElseThrow().split(" ");
            Map<String, String> server = Map.of("server.address", "127.0.0.1", "server.port", ports[1]);

            // the JDK client, HttpURLConnection and OkHttp: one GET each, in one series
            Map<String, String> get200 = new java.util.HashMap<>(server);
            get200.putAll(Map.of("http.request.method", "GET", "http.response.status_code", "200"));
            assertTrue(receiver.await(x -> {
                HistogramDataPoint p = lastHistogramPoint(x, "http.client.request.duration", get200);
                return p != null && p.getCount() == 3;
            }, 10_000), () -> receiver.metrics("http.client.request.duration") + "\n" + r);
            assertEquals("s", last(receiver, "http.client.request.duration").getUnit());
            HistogramDataPoint ok = lastHistogramPoint(receiver, "http.client.request.duration", get200);
            assertEquals(null, OtlpReceiver.string(ok.getAttributesList(), "error.type"), ok::toString);
            // the semantic conventions' advice for HTTP client durations
            assertEquals(List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0),
                    ok.getExplicitBoundsList());

            Map<String, String> post503 = new java.util.HashMap<>(server);
            post503.putAll(Map.of("http.request.method", "POST", "http.response.status_code", "503",
                    "error.type", "503"));
            assertEquals(1, lastHistogramPoint(receiver, "http.client.request.duration", post503).getCount());
            HistogramDataPoint refused = lastHistogramPoint(receiver, "http.client.request.duration", Map.of(
                    "server.port", ports[2], "http.request.method", "GET", "error.type", "java.net.ConnectException"));
            assertNotNull(refused, () -> receiver.metrics("http.client.request.duration").toString());
            assertEquals(null, OtlpReceiver.string(refused.getAttributesList(), "http.response.status_code"));
            // Bulwark's own exports (the JDK client for http/protobuf, the relocated OkHttp for grpc) are not counted
            String collectorPort = receiver.endpoint().substring(receiver.endpoint().lastIndexOf(':') + 1);
            assertNull(lastHistogramPoint(receiver, "http.client.request.duration", Map.of("server.port",
                    collectorPort)), () -> receiver.metrics("http.client.request.duration").toString());

            assertTrue(receiver.payloads() > 0);
            assertFalse(receiver.anyPayloadContains(PASSWORD), "a URL's password reached an export");
            assertFalse(receiver.anyPayloadContains(TOKEN), "a URL's query reached an export");
            assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN) || r.err().contains(PASSWORD),
                    r::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anExhaustedPoolIsOneLogRecordWithThePoolsStateAndNoPassword(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Path config = dir.resolve("bulwark.yaml");
            Files.writeString(config, "jdbc:\n  pool: {max-size: 1, acquire-timeout: 100ms}\n");
            AgentJvm.Result r = AgentJvm.start(jdk, true, "config=" + config, exportTo(receiver), APP, "pool", "500")
                    .waitFor();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(2, r.outLines().stream().filter(l -> l.equals("pool refused BW006")).count(), r::toString);
            assertTrue(receiver.await(x -> x.logs().stream().anyMatch(l -> l.log().getEventName()
                    .equals("bulwark.pool.exhausted")), 10_000), () -> receiver.logs() + "\n" + r);
            List<OtlpReceiver.ReceivedLog> exhausted = receiver.logs().stream().filter(l -> l.log().getEventName()
                    .equals("bulwark.pool.exhausted")).toList();
            assertEquals(1, exhausted.size(), "the second timeout, within 10 s, is counted into the next record");
            List<KeyValue> attributes = exhausted.get(0).log().getAttributesList();
            assertTrue(OtlpReceiver.string(attributes, "db.client.connection.pool.name").startsWith("jdbc:h2:mem:pooled"),
                    attributes::toString);
            assertEquals("1", OtlpReceiver.string(attributes, "bulwark.pool.max_size"));
            assertEquals("1", OtlpReceiver.string(attributes, "bulwark.pool.in_use"));
            assertEquals("1", OtlpReceiver.string(attributes, "bulwark.pool.timeouts"));
            assertEquals("100", OtlpReceiver.string(attributes, "bulwark.pool.acquire_timeout_ms"));
            assertEquals("SEVERITY_NUMBER_WARN", exhausted.get(0).log().getSeverityNumber().name());
            assertFalse(receiver.anyPayloadContains(PASSWORD), "a password reached an export");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCollectorThatIsNotThereIsSaidOnceAndTheApplicationRunsOn(Path jdk) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int healthPort;
        try (ServerSocket s = new ServerSocket(0)) {
            healthPort = s.getLocalPort();
        }
        // The application lives until /health has counted three failed exports, however slowly the SDK starts.
        Path failedThrice = dir.resolve("failed-thrice");
        AgentJvm.Running app = AgentJvm.start(jdk, true, null, List.of(
                "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + closedPort, "-Dotel.metric.export.interval=200",
                "-Dotel.java.exporter.otlp.retry.disabled=true", "-Dbulwark.telemetry.health-endpoint=true",
                "-Dbulwark.telemetry.health-port=" + healthPort), APP, "idle", failedThrice.toString());
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        java.util.regex.Pattern failed = java.util.regex.Pattern.compile("\"failedExports\":(\\d+)");
        int failures = 0;
        while (failures < 3 && System.nanoTime() < deadline) {
            java.util.regex.Matcher m = failed.matcher(get(http, URI.create("http://127.0.0.1:" + healthPort
                    + "/health")).body());
            failures = m.find() ? Integer.parseInt(m.group(1)) : 0;
            Thread.sleep(50); // polling /health for an expected count, with a deadline
        }
        Files.createFile(failedThrice);
        AgentJvm.Result r = app.waitFor();
        assertTrue(failures >= 3, r::toString);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.outLines().contains("done"), r::toString);
        assertEquals(1, r.err().split("could not export", -1).length - 1, r::toString);
        assertTrue(r.err().contains("telemetry: could not export metrics to http://127.0.0.1:" + closedPort
                + "/v1/metrics"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theHealthEndpointFollowsABreakerThatOpensAndCloses(Path jdk) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AgentJvm.Running app = AgentJvm.start(jdk, true, null, List.of("-Dbulwark.telemetry.health-endpoint=true",
                "-Dbulwark.telemetry.health-port=" + port, "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"),
                APP, "health", dir.toString());
        app.awaitLine("open ");
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpResponse<String> ready = get(http, base.resolve("/health/ready"));
        assertEquals(503, ready.statusCode(), ready::body);
        assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""));
        assertTrue(ready.body().startsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"circuit-breaker:payments\","
                + "\"status\":\"DOWN\",\"data\":{\"reason\":\"circuit breaker 'payments' is OPEN"), ready::body);
        assertTrue(ready.body().contains("\"state\":\"OPEN\""), ready::body);
        HttpResponse<String> live = get(http, base.resolve("/health/live"));
        assertEquals(200, live.statusCode(), live::body);
        assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"bulwark\",\"status\":\"UP\"}]}", live.body());
        assertEquals(503, get(http, base.resolve("/health")).statusCode());
        assertEquals(404, get(http, base.resolve("/health/nothing")).statusCode());
        Files.createFile(dir.resolve("open-seen"));

        app.awaitLine("closed");
        HttpResponse<String> again = get(http, base.resolve("/health/ready"));
        assertEquals(200, again.statusCode(), again::body);
        assertTrue(again.body().startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"circuit-breaker:payments\","
                + "\"status\":\"UP\""), again::body);
        assertTrue(again.body().contains("\"state\":\"CLOSED\""), again::body);
        Files.createFile(dir.resolve("closed-seen"));
        AgentJvm.Result r = app.waitFor();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("health endpoint on http://127.0.0.1:" + port + "/health"), r::toString);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the endpoint starts on the telemetry thread, just after premain
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anApplicationWithItsOwnOpenTelemetrySdkKeepsItAndBulwarkExportsBeside(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            // The application lives on until Bulwark's export arrived: on a loaded machine the SDK may take seconds.
            Path seen = dir.resolve("export-seen");
            AgentJvm.Running app = AgentJvm.startWithClasspath(jdk, true, null, exportTo(receiver),
                    System.getProperty("opentelemetry.app.classpath"), "dev.bulwark.it.app.telemetry.OwnSdkApp",
                    seen.toString());
            boolean exported = receiver.await(x -> lastPoint(x, "bulwark.circuit_breaker.state", Map.of(
                    "bulwark.policy.name", "payments", "bulwark.circuit_breaker.state", "open")) != null, 60_000);
            Files.createFile(seen);
            AgentJvm.Result r = app.waitFor();
            assertTrue(exported, r::toString);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.outLines().contains("app sdk io.opentelemetry.sdk.OpenTelemetrySdk exported app.orders=3"),
                    r::toString);
            assertTrue(r.outLines().contains("own sdk done"), r::toString);
            assertTrue(receiver.metrics("app.orders").isEmpty(), "the application's SDK is its own, not Bulwark's");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theClassesOfAnApplicationsOwnSdkAreNotLookedAtEvenWhenTheirHierarchyCannotBeResolved(Path jdk)
            throws Exception {
        // SDK 1.44's tracer names the incubator's ExtendedTracer: without that jar the application fails on
        // its own, and Bulwark, which has no target among OpenTelemetry's classes, says nothing about it.
        String withoutIncubator = Stream.of(System.getProperty("opentelemetry.app.classpath")
                .split(java.io.File.pathSeparator)).filter(e -> !e.contains("incubator"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        AgentJvm.Result r = AgentJvm.startWithClasspath(jdk, true, null, List.of("-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none"), withoutIncubator, "dev.bulwark.it.app.telemetry.OwnSdkApp", "0")
                .waitFor();
        assertTrue(r.err().contains("NoClassDefFoundError: io/opentelemetry/api/incubator/trace/ExtendedTracer"),
                r::toString);
        assertFalse(r.err().contains("[bulwark] WARN"), r::toString);
    }
}
