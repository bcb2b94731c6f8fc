package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.telemetry.OwnTraffic;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExportStatusTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream saved;
    private volatile boolean fail = true;

    @BeforeEach
    void captureErr() {
        saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(saved);
    }

    private final MetricExporter collector = new MetricExporter() {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return fail ? CompletableResultCode.ofExceptionalFailure(new RuntimeException("wrapped",
                    new ConnectException("Connection refused"))) : CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }
    };

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failuresAreSaidOnceAndRecoveryOnce() {
        ExportStatus status = new ExportStatus();
        MetricExporter watched = status.watch(collector, "http://user:s3cret@collector:4318/v1/metrics");
        for (int i = 0; i < 5; i++) {
            watched.export(List.of());
        }
        assertEquals(1, stderr().split("could not export", -1).length - 1, stderr());
        assertTrue(stderr().contains("could not export metrics to http://collector:4318/v1/metrics "
                + "(java.net.ConnectException: Connection refused)"), stderr());
        assertFalse(stderr().contains("s3cret"), stderr());
        assertTrue(OwnTraffic.isOwn("collector", 4318), "the collector's calls are Bulwark's own traffic");
        HealthStatus down = status.health();
        assertFalse(down.up());
        assertEquals(5L, down.data().get("failedExports"));

        fail = false;
        watched.export(List.of());
        watched.export(List.of());
        assertEquals(1, stderr().split("works again", -1).length - 1, stderr());
        assertTrue(status.health().up());
        assertTrue(status.succeeded());
    }

    @Test
    void theWatchedExporterKeepsTheCollectorsTemporality() {
        MetricExporter watched = new ExportStatus().watch(collector, "http://localhost:4318/v1/metrics");
        assertEquals(AggregationTemporality.CUMULATIVE, watched.getAggregationTemporality(InstrumentType.COUNTER));
    }
}
