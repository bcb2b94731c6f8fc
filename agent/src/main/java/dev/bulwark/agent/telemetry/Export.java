package dev.bulwark.agent.telemetry;

import dev.bulwark.agent.Version;
import dev.bulwark.agent.config.TelemetrySettings;
import dev.bulwark.bootstrap.balance.Balancers;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.http.HttpClientDurations;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.pool.Pools;
import dev.bulwark.bootstrap.telemetry.Redaction;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetryBuilder;
import io.opentelemetry.instrumentation.runtimetelemetry.internal.Internal;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK, built by its autoconfigure module so that every standard {@code OTEL_*}
 * variable and {@code otel.*} property works as OpenTelemetry documents it, with Bulwark's metrics,
 * event log records and the runtime metrics registered on it. Loaded only on the telemetry thread,
 * so premain never loads an OpenTelemetry class.
 */
final class Export {
    static final String SCOPE = "dev.bulwark";
    /**
     * The runtime-telemetry library's own scope name. Built at run time: relocation rewrites every string
     * constant that starts with the relocated package, the library's default name included.
     */
    static final String RUNTIME_SCOPE = String.join(".", "io", "opentelemetry", "runtime-telemetry");

    /** Held so the levels stick: JUL keeps loggers weakly. */
    private static Logger sdkLogger;
    private static Logger loggingExporters;
    private static volatile OpenTelemetrySdk sdk;

    private Export() {
    }

    /** {@code queued}: the events waiting since telemetry started, or null when events are not exported. */
    static void start(TelemetrySettings settings, ScheduledThreadPoolExecutor executor, EventQueue queued) {
        try {
            if (!Boolean.getBoolean("bulwark.debug")) {
                // The shaded SDK would log a failed export at every interval; ExportStatus says it once.
                sdkLogger = Logger.getLogger(OpenTelemetrySdk.class.getPackageName().replace(".sdk", ""));
                sdkLogger.setLevel(Level.OFF);
                // OTEL_METRICS_EXPORTER=logging writes through JUL: that output is what was asked for.
                loggingExporters = Logger.getLogger(sdkLogger.getName() + ".exporter.logging");
                loggingExporters.setLevel(Level.INFO);
            }
            ExportStatus status = new ExportStatus();
            SchedulingLag lag = new SchedulingLag(executor);
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime() * 1_000_000L;
            InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder(SCOPE).setVersion(Version.current())
                    .build();
            OpenTelemetrySdk built = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> defaults(settings))
                    .addMetricExporterCustomizer((exporter, config) -> status.watch(exporter, endpoint(config,
                            "metrics")))
                    .addLogRecordExporterCustomizer((exporter, config) -> status.watch(exporter, endpoint(config,
                            "logs")))
                    .addMeterProviderCustomizer((builder, config) -> builder.registerMetricProducer(
                            new DurationHistograms(scope, jvmStart, JdbcGuards::statementDurations,
                                    HttpClientDurations.global()::series, Pools::all,
                                    lag.histogram())))
                    .disableShutdownHook()
                    .build().getOpenTelemetrySdk();
            sdk = built;
            // The SDK's own hook waits for a final export, retries included: with no collector that held
            // the JVM's exit for seconds. This one gives the last export a bounded time: none while exports
            // fail, a little while none has succeeded yet, more once the collector has answered.
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(built, status.failing() ? 0
                        : status.succeeded() ? 2000 : status.reachable() ? 500 : 0), "bulwark-telemetry-stop"));
            } catch (IllegalStateException exiting) {
                // The JVM began to exit before telemetry was up (a short program): nothing to export, nothing to say.
                built.shutdown();
                return;
            }
            HealthMonitor.global().register(status::health);
            MetricsBridge.register(built.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(
                    Version.current()).build(), Registry.global(), Pools::all, HealthMonitor.global(),
                    Balancers::inForce, queued == null ? null : queued::dropped);
            lag.start();
            if (queued != null) {
                EventLogBridge events = new EventLogBridge(built.getLogsBridge().loggerBuilder(SCOPE)
                        .setInstrumentationVersion(Version.current()).build(), queued);
                executor.scheduleWithFixedDelay(events::drain, 0, 200, TimeUnit.MILLISECONDS);
            }
            if (settings.runtimeMetrics()) {
                RuntimeTelemetryBuilder runtime = RuntimeTelemetry.builder(built);
                Internal.setJmxInstrumentationName(runtime, RUNTIME_SCOPE);
                runtime.build();
            }
            BulwarkLog.debug("telemetry started: " + built);
        } catch (Throwable t) {
            String why = describe(t);
            BulwarkLog.warn("telemetry could not start (" + why + "); Bulwark keeps guarding without "
                    + "exporting. Check the OTEL_* variables, or set bulwark.telemetry.enabled=false");
            if (Boolean.getBoolean("bulwark.debug")) {
                t.printStackTrace();
            }
        }
    }

    /** Shuts the SDK down (a last export) on a daemon thread, waiting at most {@code millis} for it. */
    private static void stop(OpenTelemetrySdk built, long millis) {
        if (millis == 0) {
            return;
        }
        Thread t = new Thread(() -> built.shutdown().join(millis, TimeUnit.MILLISECONDS), "bulwark-telemetry-flush");
        t.setDaemon(true);
        t.start();
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The messages of a failure and its causes, without the shaded package names, redacted. */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 1000; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return Redaction.text(b.toString().replace("dev.bulwark.agent.shaded.", ""));
    }

    /** Bulwark's defaults, under every OTEL_* variable and otel.* property (autoconfigure lets those win). */
    private static Map<String, String> defaults(TelemetrySettings settings) {
        Map<String, String> d = new HashMap<>();
        d.put("otel.traces.exporter", "none"); // Bulwark makes no spans
        // As the OpenTelemetry Java agent does; grpc works too, through the relocated OkHttp of otlp-grpc/.
        d.put("otel.exporter.otlp.protocol", "http/protobuf");
        if (settings.exportIntervalNanos() > 0) {
            d.put("otel.metric.export.interval", String.valueOf(settings.exportIntervalNanos() / 1_000_000L));
        }
        return d;
    }

    /** Where a signal goes, as the OTLP exporter works it out, for messages; credentials never shown. */
    static String endpoint(ConfigProperties config, String signal) {
        String own = config.getString("otel.exporter.otlp." + signal + ".endpoint");
        if (own != null) {
            return own;
        }
        String protocol = config.getString("otel.exporter.otlp." + signal + ".protocol",
                config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
        String base = config.getString("otel.exporter.otlp.endpoint",
                "grpc".equals(protocol) ? "http://localhost:4317" : "http://localhost:4318");
        return "grpc".equals(protocol) ? base : base.replaceAll("/$", "") + "/v1/" + signal;
    }

    /** The running SDK, or null before it started or when export is off; for tests. */
    static OpenTelemetrySdk sdk() {
        return sdk;
    }
}
