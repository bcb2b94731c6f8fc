package dev.bulwark.agent.telemetry;

import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.telemetry.OwnTraffic;
import dev.bulwark.bootstrap.telemetry.Redaction;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether exports reach the collector. The SDK's own logging is silenced (it would repeat a failure
 * at every export); this says it once when exports start failing and once when they work again, and
 * gives the exporter's status to {@code /health}. The collector's server is marked as Bulwark's own
 * traffic ({@link OwnTraffic}), which HTTP guards leave alone.
 */
final class ExportStatus {
    private volatile String endpoint = "the collector";
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;

    MetricExporter watch(MetricExporter exporter, String endpoint) {
        this.endpoint = Redaction.url(endpoint);
        OwnTraffic.exclude(endpoint);
        return new WatchedMetricExporter(exporter, this);
    }

    LogRecordExporter watch(LogRecordExporter exporter, String endpoint) {
        OwnTraffic.exclude(endpoint);
        return new WatchedLogRecordExporter(exporter, this);
    }

    void completed(String signal, CompletableResultCode result) {
        if (result.isSuccess()) {
            successes.incrementAndGet();
            if (failing.compareAndSet(true, false)) {
                BulwarkLog.info("telemetry: exporting to " + endpoint + " works again");
            }
            return;
        }
        failures.incrementAndGet();
        Throwable t = result.getFailureThrowable();
        String why = t == null ? "the collector refused the " + signal : rootCause(t);
        lastFailure = why;
        if (failing.compareAndSet(false, true)) {
            BulwarkLog.warn("telemetry: could not export " + signal + " to " + endpoint + " (" + why + "). Bulwark "
                    + "keeps guarding and keeps trying at every export; this is said once, until an export succeeds. "
                    + "Set OTEL_EXPORTER_OTLP_ENDPOINT, or bulwark.telemetry.enabled=false to export nothing");
        }
    }

    boolean failing() {
        return failing.get();
    }

    /**
     * Whether something listens at the endpoint (a 100 ms TCP connect), asked at exit before any export
     * succeeded: with no collector at all, the last export is not waited for.
     */
    boolean reachable() {
        try {
            java.net.URI uri = java.net.URI.create(endpoint);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(uri.getHost(), port), 100);
                return true;
            }
        } catch (Exception e) {
            return false;
        }
    }

    boolean succeeded() {
        return successes.get() > 0;
    }

    /** The innermost cause, which names what went wrong (java.net.ConnectException), redacted. */
    static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getName().replace("dev.bulwark.agent.shaded.", "");
        return Redaction.text(root.getMessage() == null ? name : name + ": " + root.getMessage());
    }

    HealthStatus health() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpoint", endpoint);
        data.put("exports", successes.get());
        data.put("failedExports", failures.get());
        if (failing.get()) {
            return HealthStatus.down("telemetry-exporter", "exports to " + endpoint + " fail: " + lastFailure, data);
        }
        return HealthStatus.up("telemetry-exporter", data);
    }

    private static final class WatchedMetricExporter implements MetricExporter {
        private final MetricExporter delegate;
        private final ExportStatus status;

        WatchedMetricExporter(MetricExporter delegate, ExportStatus status) {
            this.delegate = delegate;
            this.status = status;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            CompletableResultCode result = delegate.export(metrics);
            result.whenComplete(() -> status.completed("metrics", result));
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return delegate.getAggregationTemporality(type);
        }

        @Override
        public Aggregation getDefaultAggregation(InstrumentType type) {
            return delegate.getDefaultAggregation(type);
        }

        @Override
        public MemoryMode getMemoryMode() {
            return delegate.getMemoryMode();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    private static final class WatchedLogRecordExporter implements LogRecordExporter {
        private final LogRecordExporter delegate;
        private final ExportStatus status;

        WatchedLogRecordExporter(LogRecordExporter delegate, ExportStatus status) {
            this.delegate = delegate;
            this.status = status;
        }

        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            CompletableResultCode result = delegate.export(logs);
            result.whenComplete(() -> status.completed("log records", result));
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
