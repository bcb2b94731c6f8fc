package dev.bulwark.agent.telemetry;

import dev.bulwark.bootstrap.http.HttpClientDurations;
import dev.bulwark.bootstrap.jdbc.StatementDurations;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.stats.DurationHistogram;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exports the duration histograms that the bootstrap keeps (statements per database, HTTP requests
 * per server, method and outcome, the pools' create, wait and use times, the scheduling lag) as they are, at each collection: a
 * {@code MetricProducer} registered with the meter provider, because the API has no asynchronous
 * histogram and re-recording precomputed buckets into a synchronous one would count them twice.
 * Points are cumulative since the JVM started, whatever temporality the exporter prefers.
 */
final class DurationHistograms implements MetricProducer {
    static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");

    private final InstrumentationScopeInfo scope;
    private final long startEpochNanos;
    private final Supplier<Map<String, StatementDurations>> statements;
    private final Supplier<? extends Collection<HttpClientDurations.Series>> httpRequests;
    private final Supplier<? extends Collection<? extends ConnectionPool<?>>> pools;
    private final DurationHistogram schedulingLag;

    DurationHistograms(InstrumentationScopeInfo scope, long startEpochNanos,
            Supplier<Map<String, StatementDurations>> statements,
            Supplier<? extends Collection<HttpClientDurations.Series>> httpRequests,
            Supplier<? extends Collection<? extends ConnectionPool<?>>> pools, DurationHistogram schedulingLag) {
        this.scope = scope;
        this.startEpochNanos = startEpochNanos;
        this.statements = statements;
        this.httpRequests = httpRequests;
        this.pools = pools;
        this.schedulingLag = schedulingLag;
    }

    @Override
    public Collection<MetricData> produce(Resource resource) {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<MetricData> out = new ArrayList<>();
        List<HistogramPointData> operations = new ArrayList<>();
        statements.get().forEach((key, d) -> {
            Attributes database = DatabaseAttributes.of(key);
            if (d.succeeded().count() > 0) {
                operations.add(HistogramMetric.point(startEpochNanos, now, database, d.succeeded()));
            }
            d.failed().forEach((type, h) -> operations.add(HistogramMetric.point(startEpochNanos, now,
                    database.toBuilder().put(HttpAttributes.ERROR_TYPE, type).build(), h)));
        });
        if (!operations.isEmpty()) {
            out.add(new HistogramMetric(resource, scope, "db.client.operation.duration",
                    "Duration of database client operations (each attempt of a JDBC statement)", operations));
        }
        List<HistogramPointData> requests = new ArrayList<>();
        for (HttpClientDurations.Series s : httpRequests.get()) {
            requests.add(HistogramMetric.point(startEpochNanos, now, HttpAttributes.of(s), s.durations(),
                    HistogramMetric.HTTP));
        }
        if (!requests.isEmpty()) {
            out.add(new HistogramMetric(resource, scope, "http.client.request.duration",
                    "Duration of HTTP client requests (each attempt a guarded client sent)", requests));
        }
        List<HistogramPointData> create = new ArrayList<>();
        List<HistogramPointData> wait = new ArrayList<>();
        List<HistogramPointData> use = new ArrayList<>();
        for (ConnectionPool<?> p : pools.get()) {
            Attributes a = Attributes.of(POOL_NAME, p.name());
            create.add(HistogramMetric.point(startEpochNanos, now, a, p.createTime()));
            wait.add(HistogramMetric.point(startEpochNanos, now, a, p.waitTime()));
            use.add(HistogramMetric.point(startEpochNanos, now, a, p.useTime()));
        }
        if (!create.isEmpty()) {
            out.add(new HistogramMetric(resource, scope, "db.client.connection.create_time",
                    "The time it took to create a new connection", create));
            out.add(new HistogramMetric(resource, scope, "db.client.connection.wait_time",
                    "The time it took to obtain an open connection from the pool", wait));
            out.add(new HistogramMetric(resource, scope, "db.client.connection.use_time",
                    "The time between borrowing a connection and returning it to the pool", use));
        }
        if (schedulingLag != null) {
            out.add(new HistogramMetric(resource, scope, "bulwark.scheduling.lag",
                    "How late a periodic task ran beyond its due time: the JVM's scheduling lag",
                    List.of(HistogramMetric.point(startEpochNanos, now, Attributes.empty(), schedulingLag))));
        }
        return out;
    }
}
