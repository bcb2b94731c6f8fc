package dev.bulwark.agent.telemetry;

import dev.bulwark.bootstrap.stats.DurationHistogram;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One explicit-bucket histogram in seconds, made from {@link DurationHistogram} snapshots. The
 * bootstrap counts durations in fixed buckets without locks; the OpenTelemetry API has no
 * asynchronous histogram, so these leave through a {@code MetricProducer} as cumulative points in the
 * buckets the semantic conventions advise for the metric ({@link #DB} or {@link #HTTP}), in seconds.
 */
final class HistogramMetric implements MetricData {
    /** The semantic conventions' advice for database client and connection-pool durations. */
    static final Buckets DB = new Buckets(DurationHistogram.DB_BOUNDS_NANOS);
    /** The semantic conventions' advice for {@code http.client.request.duration}. */
    static final Buckets HTTP = new Buckets(DurationHistogram.HTTP_BOUNDS_NANOS);

    /** Bucket bounds in nanoseconds, as the bootstrap counts them, and in seconds, as they are exported. */
    record Buckets(long[] nanos, List<Double> seconds) {
        Buckets(long[] nanos) {
            this(nanos, toSeconds(nanos));
        }

        private static List<Double> toSeconds(long[] nanos) {
            List<Double> b = new ArrayList<>();
            for (long n : nanos) {
                b.add(n / 1e9);
            }
            return List.copyOf(b);
        }
    }

    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final String name;
    private final String description;
    private final HistogramData data;

    HistogramMetric(Resource resource, InstrumentationScopeInfo scope, String name, String description,
            Collection<HistogramPointData> points) {
        this.resource = resource;
        this.scope = scope;
        this.name = name;
        this.description = description;
        this.data = HistogramData.create(AggregationTemporality.CUMULATIVE, points);
    }

    static HistogramPointData point(long startEpochNanos, long epochNanos, Attributes attributes, DurationHistogram h) {
        return point(startEpochNanos, epochNanos, attributes, h, DB);
    }

    static HistogramPointData point(long startEpochNanos, long epochNanos, Attributes attributes, DurationHistogram h,
            Buckets buckets) {
        long[] counts = h.bucketCounts(buckets.nanos());
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) {
            list.add(c);
        }
        return HistogramPointData.create(startEpochNanos, epochNanos, attributes, h.sumNanos() / 1e9, false, 0, false,
                0, buckets.seconds(), list);
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public String getUnit() {
        return "s";
    }

    @Override
    public MetricDataType getType() {
        return MetricDataType.HISTOGRAM;
    }

    @Override
    public Data<?> getData() {
        return data;
    }
}
