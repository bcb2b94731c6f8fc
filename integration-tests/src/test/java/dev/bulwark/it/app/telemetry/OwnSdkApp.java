package dev.bulwark.it.app.telemetry;

import dev.bulwark.annotations.Bulwark;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An application that bundles its own OpenTelemetry SDK, of another version than Bulwark's, and
 * registers it as the global one; then it opens a Bulwark breaker and lives on until the file
 * {@code args[0]} exists (the test saw Bulwark's export; at most 60 s), or for {@code args[0]} ms when
 * that is a number.
 */
public final class OwnSdkApp {
    private OwnSdkApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Map<String, Long> exported = new ConcurrentHashMap<>();
        MetricExporter exporter = new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> metrics) {
                for (MetricData m : metrics) {
                    for (LongPointData p : m.getLongSumData().getPoints()) {
                        exported.put(m.getName(), p.getValue());
                    }
                }
                return CompletableResultCode.ofSuccess();
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
        SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader
                .builder(exporter).setInterval(Duration.ofMillis(100)).build()).build();
        OpenTelemetrySdk.builder().setMeterProvider(provider).buildAndRegisterGlobal();
        GlobalOpenTelemetry.getMeter("app").counterBuilder("app.orders").build().add(3);
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (exported.get("app.orders") == null && System.nanoTime() < deadline) {
            Thread.sleep(20); // the reader exports every 100 ms; a loaded machine may delay the flush
        }
        System.out.println("app sdk " + OpenTelemetrySdk.class.getName() + " exported app.orders="
                + exported.get("app.orders"));
        TelemetryApp.main(new String[] {"idle", "0"});
        Payments payments = new Payments();
        for (int i = 0; i < 5; i++) {
            try {
                payments.charge();
            } catch (RuntimeException expected) {
                // the fifth is rejected by the open breaker
            }
        }
        if (args[0].matches("\\d+")) {
            Thread.sleep(Long.parseLong(args[0]));
        } else {
            TelemetryApp.awaitFile(java.nio.file.Path.of(args[0]));
        }
        provider.close();
        System.out.println("own sdk done");
    }
}
