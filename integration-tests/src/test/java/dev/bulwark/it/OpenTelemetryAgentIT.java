package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bulwark and the OpenTelemetry Java agent in one JVM, in both orders, exporting to one receiver:
 * each export is told apart by what only its sender writes. The OpenTelemetry agent marks its resource
 * with {@code telemetry.distro.name=opentelemetry-java-instrumentation}; Bulwark's SDK, built by the plain
 * autoconfigure module, writes no distro, and its own metrics come under the scope {@code dev.bulwark}.
 */
class OpenTelemetryAgentIT {
    private static final String APP = "dev.bulwark.it.app.export.ExportApp";
    private static final String DISTRO = "opentelemetry-java-instrumentation";

    @TempDir
    Path dir;

    static List<Arguments> jdksAndOrders() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : AgentJvm.jdks()) {
            all.add(Arguments.of(jdk, true));
            all.add(Arguments.of(jdk, false));
        }
        return all;
    }

    private static boolean fromOpenTelemetryAgent(List<KeyValue> resource) {
        return DISTRO.equals(OtlpReceiver.string(resource, "telemetry.distro.name"));
    }

    private static NumberDataPoint gatewayOpen(OtlpReceiver receiver) {
        NumberDataPoint found = null;
        for (OtlpReceiver.Received r : receiver.metrics("bulwark.circuit_breaker.state")) {
            if (!r.scope().getScope().getName().equals("dev.bulwark")
                    || fromOpenTelemetryAgent(r.resource().getResource().getAttributesList())) {
                continue;
            }
            List<NumberDataPoint> points = r.metric().hasSum() ? r.metric().getSum().getDataPointsList()
                    : r.metric().getGauge().getDataPointsList();
            for (NumberDataPoint p : points) {
                if (OtlpReceiver.has(p.getAttributesList(), Map.of("bulwark.policy.name", "gateway",
                        "bulwark.circuit_breaker.state", "open"))) {
                    found = p;
                }
            }
        }
        return found;
    }

    @ParameterizedTest(name = "{0}, Bulwark first: {1}")
    @MethodSource("jdksAndOrders")
    void bothAgentsExportAndEachExportIsToldApartByWhatOnlyItsSenderWrites(Path jdk, boolean bulwarkFirst)
            throws Exception {
        String otelAgent = "-javaagent:" + System.getProperty("opentelemetry.javaagent.jar");
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            List<String> options = new ArrayList<>();
            if (bulwarkFirst) {
                options.add(otelAgent); // after Bulwark's, which start() puts first
            } else {
                options.add(otelAgent);
                options.add("-javaagent:" + AgentJvm.agentJar());
            }
            options.addAll(receiver.exportOptions());
            options.addAll(List.of("-Dotel.metric.export.interval=300", "-Dotel.traces.exporter=none",
                    "-Dotel.logs.exporter=none", "-Dotel.service.name=coexistence-it"));
            Path release = dir.resolve("release-" + bulwarkFirst);
            AgentJvm.Running app = AgentJvm.start(jdk, bulwarkFirst, null, options, APP, release.toString());
            boolean both = receiver.await(x -> gatewayOpen(x) != null && x.metrics().stream().anyMatch(m ->
                    fromOpenTelemetryAgent(m.resource().getResource().getAttributesList())), 60_000);
            Files.createFile(release);
            AgentJvm.Result r = app.waitFor();
            String order = bulwarkFirst ? "Bulwark first" : "OpenTelemetry first";
            assertTrue(both, () -> order + ": resources " + receiver.metrics().stream().map(m -> m.scope().getScope()
                    .getName() + " " + OtlpReceiver.string(m.resource().getResource().getAttributesList(),
                    "telemetry.distro.name")).distinct().toList() + "\n" + r);
            assertEquals(0, r.exitCode(), () -> order + "\n" + r);
            assertTrue(r.outLines().containsAll(List.of("attached=true", "open CircuitBreakerOpenException")),
                    () -> order + "\n" + r);
            assertEquals(1, gatewayOpen(receiver).getAsInt(), order);

            // Neither sender's metrics travel in the other's export.
            Set<String> bulwarkInOtel = receiver.metrics().stream()
                    .filter(m -> fromOpenTelemetryAgent(m.resource().getResource().getAttributesList()))
                    .filter(m -> m.scope().getScope().getName().equals("dev.bulwark")
                            || m.metric().getName().startsWith("bulwark."))
                    .map(m -> m.metric().getName()).collect(Collectors.toSet());
            assertTrue(bulwarkInOtel.isEmpty(), () -> order + ": in the OpenTelemetry agent's export: " + bulwarkInOtel);
            for (OtlpReceiver.Received m : receiver.metrics()) {
                if (m.scope().getScope().getName().equals("dev.bulwark")) {
                    assertNull(OtlpReceiver.string(m.resource().getResource().getAttributesList(),
                            "telemetry.distro.name"), order);
                    assertEquals("coexistence-it", OtlpReceiver.string(m.resource().getResource().getAttributesList(),
                            "service.name"), order);
                }
            }
        }
    }
}
