package dev.bulwark.agent.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.health.HealthStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready} in the MicroProfile Health JSON
 * format, on the JDK's own HTTP server: 200 when every check is UP, 503 otherwise. Bound to
 * 127.0.0.1 unless configured otherwise; GET and HEAD only.
 */
final class HealthEndpoint {
    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving. Call it from a daemon thread: the JDK server's dispatcher thread inherits the
     * caller's daemon flag, and it must never keep the application's JVM alive.
     */
    static HealthEndpoint start(String address, int port, HealthMonitor monitor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bulwark-health");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/health", "/health/" -> answer(exchange, monitor::all);
                case "/health/live" -> answer(exchange, monitor::liveness);
                case "/health/ready" -> answer(exchange, monitor::readiness);
                default -> plain(exchange, 404, "not found; try /health, /health/live or /health/ready\n");
            }
        });
        server.start();
        return new HealthEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, Supplier<List<HealthStatus>> checks) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            plain(exchange, 405, "only GET and HEAD\n");
            return;
        }
        List<HealthStatus> statuses;
        try {
            statuses = checks.get();
        } catch (RuntimeException e) {
            plain(exchange, 500, "health could not be worked out: " + e.getClass().getName() + "\n");
            return;
        }
        boolean up = HealthMonitor.allUp(statuses);
        byte[] body = json(statuses, up).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(up ? 200 : 503, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static void plain(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code {"status":"UP","checks":[{"name":..,"status":..,"data":{..}}]}}; a DOWN check's reason is in its data. */
    static String json(List<HealthStatus> statuses, boolean up) {
        StringBuilder b = new StringBuilder(256).append("{\"status\":\"").append(up ? "UP" : "DOWN")
                .append("\",\"checks\":[");
        for (int i = 0; i < statuses.size(); i++) {
            HealthStatus s = statuses.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":");
            string(b, s.name());
            b.append(",\"status\":\"").append(s.up() ? "UP" : "DOWN").append('"');
            if (!s.data().isEmpty() || s.reason() != null) {
                b.append(",\"data\":{");
                boolean first = true;
                if (s.reason() != null) {
                    b.append("\"reason\":");
                    string(b, s.reason());
                    first = false;
                }
                for (Map.Entry<String, Object> e : new java.util.TreeMap<>(s.data()).entrySet()) {
                    b.append(first ? "" : ",");
                    first = false;
                    string(b, e.getKey());
                    b.append(':');
                    Object v = e.getValue();
                    if (v instanceof Number || v instanceof Boolean) {
                        b.append(v);
                    } else {
                        string(b, String.valueOf(v));
                    }
                }
                b.append('}');
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
