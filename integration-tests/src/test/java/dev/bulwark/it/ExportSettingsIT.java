package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standard {@code OTEL_*} variables and the {@code telemetry:} keys, set as environment variables
 * of a real JVM, each observed at an OTLP receiver (or in the JVM's log). Nothing waits for time: a
 * test waits for exports to arrive, and what must not arrive is checked after the JVM's exit, whose
 * last export would have carried it.
 */
class ExportSettingsIT {
    private static final String APP = "dev.bulwark.it.app.export.ExportApp";
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    static List<Arguments> jdksAndProtocols() {
        return OtlpReceiver.jdksAndProtocols();
    }

    /** The variables that send this JVM's export to {@code receiver}, in its protocol, quickly. */
    private static Map<String, String> exportTo(OtlpReceiver receiver) {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", receiver.protocol());
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "200");
        env.put("OTEL_BLRP_SCHEDULE_DELAY", "100");
        return env;
    }

    /**
     * Runs the application (with {@code yaml} as its configuration file, if not null) until {@code until}
     * holds for it (bounded), then lets it end and returns what it printed.
     */
    private AgentJvm.Result run(Path jdk, Map<String, String> env, String yaml, Predicate<AgentJvm.Running> until)
            throws Exception {
        String agentArgs = null;
        if (yaml != null) {
            Path config = dir.resolve("bulwark.yaml");
            Files.writeString(config, yaml);
            agentArgs = "config=" + config;
        }
        Path release = dir.resolve("release-" + System.nanoTime());
        AgentJvm.Running app = AgentJvm.startWithEnvironment(jdk, env, agentArgs, List.of(), APP,
                release.toString());
        app.awaitLine("open ");
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        boolean reached;
        while (!(reached = until.test(app)) && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling for a condition, with a deadline
        }
        Files.createFile(release);
        AgentJvm.Result r = app.waitFor();
        assertTrue(reached, () -> "the awaited condition never held\n" + r);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.outLines().contains("done"), r::toString);
        return r;
    }

    private static long metricExports(OtlpReceiver receiver) {
        return receiver.paths().stream().filter(p -> p.equals("/v1/metrics")).count();
    }

    private static String err(AgentJvm.Running app) {
        try {
            return app.errSoFar();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @ParameterizedTest
    @MethodSource("jdksAndProtocols")
    void theStandardVariablesSetEndpointProtocolHeadersResourceAndInterval(Path jdk, String protocol) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(protocol)) {
            Map<String, String> env = exportTo(receiver);
            env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-bulwark-test=h3ader-value,x-tenant=acme");
            env.put("OTEL_SERVICE_NAME", "export-settings-it");
            env.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=staging,team=payments");
            long[] exportsWhileRunning = new long[1];
            // The file asks for one export a minute; OTEL_METRIC_EXPORT_INTERVAL=200 wins, so several
            // exports arrive while the application runs (with 60 s, only the one at exit would).
            AgentJvm.Result r = run(jdk, env, "telemetry: {export-interval: 60s}\n", app -> {
                exportsWhileRunning[0] = metricExports(receiver);
                return exportsWhileRunning[0] >= 3 && !receiver.logs().isEmpty();
            });
            assertTrue(exportsWhileRunning[0] >= 3, r::toString);
            assertTrue(r.outLines().contains("telemetry thread true"), r::toString);

            List<Map<String, String>> headers = receiver.requestHeaders();
            assertFalse(headers.isEmpty());
            for (Map<String, String> h : headers) {
                assertEquals("h3ader-value", h.get("x-bulwark-test"), h::toString);
                assertEquals("acme", h.get("x-tenant"), h::toString);
            }
            assertFalse(r.err().contains("h3ader-value"), "header values are not logged\n" + r);

            for (OtlpReceiver.Received m : receiver.metrics()) {
                assertResource(m.resource().getResource().getAttributesList());
            }
            for (OtlpReceiver.ReceivedLog l : receiver.logs()) {
                assertResource(l.resource().getResource().getAttributesList());
            }
            assertFalse(receiver.metrics("bulwark.circuit_breaker.state").isEmpty());
            assertTrue(receiver.metrics().stream().anyMatch(m -> m.metric().getName().startsWith("jvm.")),
                    "runtime metrics are on by default");
            assertTrue(receiver.logs().stream().anyMatch(l -> l.log().getEventName()
                    .equals("bulwark.circuit_breaker.state_transition")), () -> receiver.logs().toString());
        }
    }

    private static void assertResource(List<KeyValue> resource) {
        assertEquals("export-settings-it", OtlpReceiver.string(resource, "service.name"), resource::toString);
        assertEquals("staging", OtlpReceiver.string(resource, "deployment.environment.name"), resource::toString);
        assertEquals("payments", OtlpReceiver.string(resource, "team"), resource::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theLoggingMetricsExporterPrintsMetricsToTheLogInsteadOfSendingThem(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Map<String, String> env = exportTo(receiver);
            env.put("OTEL_METRICS_EXPORTER", "logging");
            // The logging exporter prints one metric at a time: wait for both that are checked.
            AgentJvm.Result r = run(jdk, env, null, app -> err(app).contains("name=bulwark.circuit_breaker.state,")
                    && err(app).contains("name=bulwark.circuit_breaker.calls,"));
            assertTrue(r.err().contains("name=bulwark.circuit_breaker.calls,"), r::toString);
            assertTrue(receiver.metrics().isEmpty(), () -> "metrics went to the collector too: "
                    + receiver.metrics().stream().map(m -> m.metric().getName()).distinct().toList());
            assertFalse(r.err().contains("could not export"), r::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void noneExportsNoMetricsWhileEventsStillLeave(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Map<String, String> env = exportTo(receiver);
            env.put("OTEL_METRICS_EXPORTER", "none");
            AgentJvm.Result r = run(jdk, env, null, app -> receiver.logs().stream().anyMatch(l -> l.log().getEventName()
                    .equals("bulwark.circuit_breaker.state_transition")));
            // Checked after the exit, whose last export would have sent metrics had there been an exporter.
            assertFalse(receiver.paths().contains("/v1/metrics"), () -> receiver.paths() + "\n" + r);
            assertFalse(r.err().contains("name=bulwark."), r::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void telemetryDisabledStartsNoSdkAndExportsNothing(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Map<String, String> env = exportTo(receiver);
            env.put("BULWARK_TELEMETRY_ENABLED", "false");
            AgentJvm.Result r = AgentJvm.startWithEnvironment(jdk, env, null, List.of(), APP, "-")
                    .waitFor();
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.outLines().containsAll(List.of("attached=true", "open CircuitBreakerOpenException", "done")),
                    r::toString);
            // The thread on which the SDK is built is made in premain, before main, or not at all.
            assertTrue(r.outLines().contains("telemetry thread false"), r::toString);
            assertEquals(0, receiver.payloads(), () -> receiver.paths().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutRuntimeMetricsAndEventLogsOnlyBulwarksMetricsLeave(Path jdk) throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Map<String, String> env = exportTo(receiver);
            env.put("BULWARK_TELEMETRY_RUNTIME_METRICS", "false");
            env.put("BULWARK_TELEMETRY_EVENT_LOGS", "false");
            AgentJvm.Result r = run(jdk, env, null, app -> metricExports(receiver) >= 3
                    && !receiver.metrics("bulwark.circuit_breaker.state").isEmpty());
            List<String> names = receiver.metrics().stream().map(m -> m.metric().getName()).distinct().toList();
            assertTrue(names.contains("bulwark.circuit_breaker.transitions"), names::toString);
            assertFalse(names.stream().anyMatch(n -> n.startsWith("jvm.")), names::toString);
            // The breaker opened (an event) well before these exports and the exit: no record was sent.
            assertTrue(receiver.logs().isEmpty(), () -> receiver.logs().toString());
            assertFalse(receiver.paths().contains("/v1/logs"), () -> receiver.paths() + "\n" + r);
        }
    }
}
