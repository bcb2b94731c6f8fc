package dev.bulwark.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP receiver on loopback, as a collector would be, over http/protobuf (answers 200) or gRPC
 * (grpc-java answering the {@code Export} methods of the metrics and logs services): either way it
 * decodes every request with the official opentelemetry-proto classes. Raw bytes are kept too, so a
 * test can say that no exported byte holds a secret.
 */
final class OtlpReceiver implements AutoCloseable {
    /** Each JDK the tests run on, with each OTLP protocol the SDK's autoconfigure module offers. */
    static java.util.List<org.junit.jupiter.params.provider.Arguments> jdksAndProtocols() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> all = new java.util.ArrayList<>();
        for (java.nio.file.Path jdk : AgentJvm.jdks()) {
            all.add(org.junit.jupiter.params.provider.Arguments.of(jdk, HTTP_PROTOBUF));
            all.add(org.junit.jupiter.params.provider.Arguments.of(jdk, GRPC));
        }
        return all;
    }

    static final String HTTP_PROTOBUF = "http/protobuf";
    static final String GRPC = "grpc";

    /** gRPC messages kept as the bytes that arrived; they are decoded as the HTTP bodies are. */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** A metric as received, with the resource and scope it came under. */
    record Received(ResourceMetrics resource, ScopeMetrics scope, Metric metric) {
    }

    /** A log record as received, with its scope. */
    record ReceivedLog(ResourceLogs resource, ScopeLogs scope, LogRecord log) {
    }

    private final String protocol;
    private final HttpServer server;
    private final Server grpcServer;
    private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    private final List<byte[]> raw = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

    /** An http/protobuf receiver. */
    OtlpReceiver() throws IOException {
        this(HTTP_PROTOBUF);
    }

    /** A receiver of {@code protocol}: {@link #HTTP_PROTOBUF} or {@link #GRPC}. */
    OtlpReceiver(String protocol) throws IOException {
        this.protocol = protocol;
        if (GRPC.equals(protocol)) {
            server = null;
            grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(service(
                            "opentelemetry.proto.collector.metrics.v1.MetricsService", "/v1/metrics"), headerRecorder()))
                    .addService(ServerInterceptors.intercept(service(
                            "opentelemetry.proto.collector.logs.v1.LogsService", "/v1/logs"), headerRecorder()))
                    .build().start();
        } else {
            grpcServer = null;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", this::handle);
            server.start();
        }
    }

    String protocol() {
        return protocol;
    }

    String endpoint() {
        return "http://127.0.0.1:" + (server != null ? server.getAddress().getPort() : grpcServer.getPort());
    }

    /** The JVM options that send a JVM's OTLP export here, in this receiver's protocol. */
    List<String> exportOptions() {
        return List.of("-Dotel.exporter.otlp.endpoint=" + endpoint(), "-Dotel.exporter.otlp.protocol=" + protocol);
    }

    /** A service whose unary {@code Export} keeps each request as the HTTP receiver keeps {@code path}'s. */
    private ServerServiceDefinition service(String name, String path) {
        MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(name, "Export"))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return ServerServiceDefinition.builder(name).addMethod(export, ServerCalls.asyncUnaryCall((body, response) -> {
            try {
                receive(path, body);
            } catch (IOException e) {
                response.onError(io.grpc.Status.INVALID_ARGUMENT.withCause(e).asException());
                return;
            }
            response.onNext(new byte[0]); // an empty Export*ServiceResponse: everything accepted
            response.onCompleted();
        })).build();
    }

    private void receive(String path, byte[] body) throws IOException {
        paths.add(path);
        raw.add(body);
        if (path.equals("/v1/metrics")) {
            metrics.add(ExportMetricsServiceRequest.parseFrom(body));
        } else if (path.equals("/v1/logs")) {
            logs.add(ExportLogsServiceRequest.parseFrom(body));
        }
    }

    /** Keeps the metadata of each gRPC call as an HTTP request's headers are kept: ASCII keys, lower case. */
    private ServerInterceptor headerRecorder() {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
                    ServerCallHandler<Q, A> next) {
                Map<String, String> kept = new TreeMap<>();
                for (String key : metadata.keys()) {
                    if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                        kept.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
                    }
                }
                headers.add(kept);
                return next.startCall(call, metadata);
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> kept = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> kept.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        headers.add(kept);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            receive(exchange.getRequestURI().getPath(), body);
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

    /** The headers (gRPC: metadata) of every request received, keys in lower case, in the order they came. */
    List<Map<String, String>> requestHeaders() {
        return List.copyOf(headers);
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
        if (server != null) {
            server.stop(0);
        } else {
            grpcServer.shutdownNow();
        }
    }
}
