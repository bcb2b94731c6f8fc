package dev.bulwark.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver (http/protobuf) on loopback, as a collector would be: it answers 200 and
 * decodes every request with the official opentelemetry-proto classes. Raw bytes are kept too, so a
 * test can say that no exported byte holds a secret.
 */
final class OtlpReceiver implements AutoCloseable {
    /** A metric as received, with the resource and scope it came under. */
    record Received(ResourceMetrics resource, ScopeMetrics scope, Metric metric) {
    }

    /** A log record as received, with its scope. */
    record ReceivedLog(ResourceLogs resource, ScopeLogs scope, LogRecord log) {
    }

    private final HttpServer server;
    private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    private final List<byte[]> raw = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            raw.add(body);
            if (path.equals("/v1/metrics")) {
                metrics.add(ExportMetricsServiceRequest.parseFrom(body));
            } else if (path.equals("/v1/logs")) {
                logs.add(ExportLogsServiceRequest.parseFrom(body));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().close();
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    List<Received> metrics() {
        List<Received> all = new ArrayList<>();
        for (ExportMetricsServiceRequest r : metrics) {
            for (ResourceMetrics rm : r.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        all.add(new Received(rm, sm, m));
                    }
                }
            }
        }
        return all;
    }

    /** The metrics named {@code name}, latest export last. */
    List<Received> metrics(String name) {
        return metrics().stream().filter(r -> r.metric().getName().equals(name)).toList();
    }

    List<ReceivedLog> logs() {
        List<ReceivedLog> all = new ArrayList<>();
        for (ExportLogsServiceRequest r : logs) {
            for (ResourceLogs rl : r.getResourceLogsList()) {
                for (ScopeLogs sl : rl.getScopeLogsList()) {
                    for (LogRecord l : sl.getLogRecordsList()) {
                        all.add(new ReceivedLog(rl, sl, l));
                    }
                }
            }
        }
        return all;
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    /** Whether any byte sequence received holds {@code secret}, in UTF-8. */
    boolean anyPayloadContains(String secret) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        for (byte[] body : raw) {
            outer:
            for (int i = 0; i + needle.length <= body.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    int payloads() {
        return raw.size();
    }

    /** Waits up to {@code millis} until {@code condition} holds; false if it never did. */
    boolean await(Predicate<OtlpReceiver> condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.test(this)) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.test(this);
    }

    static String string(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    default -> v.toString();
                };
            }
        }
        return null;
    }

    static boolean has(List<KeyValue> attributes, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getValue().equals(string(attributes, e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
