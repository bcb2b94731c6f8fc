package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The telemetry: section, read and checked like the rest of the file. */
class TelemetrySettingsTest {
    @TempDir
    Path dir;

    private Loader.Result load(String yaml, Map<String, String> env, Properties props) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return Loader.load(file, null, null, env, props);
    }

    @Test
    void withoutTheSectionExportIsOnAndTheHealthEndpointOff() throws Exception {
        TelemetrySettings t = load("jdbc: {enabled: true}\n", Map.of(), new Properties()).rules().telemetry();
        assertEquals(TelemetrySettings.DEFAULTS, t);
        assertTrue(t.enabled());
        assertEquals(0, t.exportIntervalNanos(), "0: the SDK's own default (60 s or OTEL_METRIC_EXPORT_INTERVAL)");
        assertFalse(t.healthEndpoint());
        assertEquals(8558, t.healthPort());
        assertEquals("127.0.0.1", t.healthAddress());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Loader.Result r = load("""
                telemetry:
                  enabled: false
                  export-interval: 10s
                  runtime-metrics: false
                  event-logs: false
                  health-endpoint: true
                  health-port: 9000
                  health-address: 0.0.0.0
                """, Map.of(), new Properties());
        assertEquals(List.of(), r.errors());
        assertEquals(new TelemetrySettings(false, 10_000_000_000L, false, false, true, 9000, "0.0.0.0"),
                r.rules().telemetry());
    }

    @Test
    void environmentVariablesAndSystemPropertiesReachTheSection() throws Exception {
        Properties props = new Properties();
        props.setProperty("bulwark.telemetry.health-endpoint", "true");
        Loader.Result r = load("telemetry: {health-port: 9000}\n", Map.of("BULWARK_TELEMETRY_HEALTH_PORT", "9100"),
                props);
        assertEquals(List.of(), r.errors());
        assertTrue(r.rules().telemetry().healthEndpoint());
        assertEquals(9100, r.rules().telemetry().healthPort());
    }

    @Test
    void anExportIntervalBelow100msIsRefusedWithWhatIsAllowed() throws Exception {
        Loader.Result r = load("telemetry:\n  export-interval: 10ms\n", Map.of(), new Properties());
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).toString().endsWith("telemetry.export-interval: '10ms' is not allowed; allowed: a "
                + "duration of at least 100ms"), r.errors()::toString);
        assertEquals(0, r.rules().telemetry().exportIntervalNanos(), "the bad value is left out");
    }
}
