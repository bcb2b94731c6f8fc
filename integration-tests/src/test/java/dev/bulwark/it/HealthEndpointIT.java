package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /health}, {@code /health/live} and {@code /health/ready} of a real JVM, through every state a check can be in. */
class HealthEndpointIT {
    private static final String APP = "dev.bulwark.it.app.health.HealthApp";
    private static final Pattern PORT = Pattern.compile("health endpoint on http://127\\.0\\.0\\.1:(\\d+)/health");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> send(URI uri, String method) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the endpoint starts on the telemetry thread, just after premain
            }
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(uri, "GET");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void checksFollowABreakerThroughOpenAndHalfOpenAndAPoolThatCannotConnect(Path jdk) throws Exception {
        int port = freePort();
        AgentJvm.Running app = AgentJvm.start(jdk, true, null, List.of("-Dbulwark.telemetry.health-endpoint=true",
                "-Dbulwark.telemetry.health-port=" + port, "-Dbulwark.jdbc.pool.acquire-timeout=1s",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"), APP, "steps", dir.toString());
        URI base = URI.create("http://127.0.0.1:" + port);

        app.awaitLine("step up");
        HttpResponse<String> all = get(base.resolve("/health"));
        assertEquals(200, all.statusCode(), all::body);
        assertEquals("application/json", all.headers().firstValue("Content-Type").orElse(""));
        assertTrue(all.body().startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"bulwark\",\"status\":\"UP\"}"),
                all::body);
        assertTrue(all.body().contains("{\"name\":\"circuit-breaker:checkout\",\"status\":\"UP\""), all::body);
        assertTrue(all.body().contains("{\"name\":\"pool:jdbc:h2:mem:health\",\"status\":\"UP\""), all::body);
        assertTrue(!all.body().contains("\"DOWN\""), all::body);
        HttpResponse<String> head = send(base.resolve("/health"), "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> post = send(base.resolve("/health"), "POST");
        assertEquals(405, post.statusCode(), post::body);
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertEquals(405, send(base.resolve("/health/ready"), "DELETE").statusCode());
        assertEquals(404, get(base.resolve("/health/nothing")).statusCode());
        Files.createFile(dir.resolve("up"));

        app.awaitLine("step open");
        HttpResponse<String> open = get(base.resolve("/health/ready"));
        assertEquals(503, open.statusCode(), open::body);
        assertTrue(open.body().startsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"circuit-breaker:checkout\","
                + "\"status\":\"DOWN\",\"data\":{\"reason\":\"circuit breaker 'checkout' is OPEN (failure rate 75.0%);"
                + " it lets trial calls through in "), open::body);
        assertTrue(open.body().contains("\"state\":\"OPEN\""), open::body);
        assertEquals(503, send(base.resolve("/health"), "HEAD").statusCode());
        HttpResponse<String> live = get(base.resolve("/health/live"));
        assertEquals(200, live.statusCode(), "an open breaker never fails liveness: " + live.body());
        Files.createFile(dir.resolve("open"));

        app.awaitLine("step half-open");
        HttpResponse<String> halfOpen = get(base.resolve("/health/ready"));
        assertEquals(200, halfOpen.statusCode(), halfOpen::body);
        assertTrue(halfOpen.body().contains("{\"name\":\"circuit-breaker:checkout\",\"status\":\"UP\",\"data\":{"),
                halfOpen::body);
        assertTrue(halfOpen.body().contains("\"state\":\"HALF_OPEN\""), halfOpen::body);
        Files.createFile(dir.resolve("half-open"));

        app.awaitLine("step pool-down");
        HttpResponse<String> poolDown = get(base.resolve("/health/ready"));
        assertEquals(503, poolDown.statusCode(), poolDown::body);
        assertTrue(poolDown.body().contains("{\"name\":\"pool:jdbc:quoting://127.0.0.1:1/health\",\"status\":\"DOWN\","
                + "\"data\":{\"reason\":\"pool jdbc:quoting://127.0.0.1:1/health cannot open a connection: "
                + "java.sql.SQLException: cannot connect to jdbc:quoting://127.0.0.1:1/health as **** with "
                + "password=****\""), poolDown::body);
        assertTrue(poolDown.body().contains("{\"name\":\"pool:jdbc:h2:mem:health\",\"status\":\"UP\""),
                poolDown::body);
        assertEquals(200, get(base.resolve("/health/live")).statusCode());
        Files.createFile(dir.resolve("pool-down"));

        AgentJvm.Result r = app.waitFor();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.outLines().contains("refused BW006"), r::toString);
        assertTrue(r.err().contains("health endpoint on http://127.0.0.1:" + port + "/health"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void portZeroPicksAFreePortAndSaysWhichAndTheEndpointListensOnLoopbackOnly(Path jdk) throws Exception {
        Path release = dir.resolve("release");
        AgentJvm.Running app = AgentJvm.start(jdk, true, null, List.of("-Dbulwark.telemetry.health-endpoint=true",
                "-Dbulwark.telemetry.health-port=0", "-Dbulwark.telemetry.enabled=false"), APP, "idle",
                release.toString());
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            Matcher m = PORT.matcher(app.errSoFar());
            while (!m.find() && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling the JVM's log for the line that names the port, with a deadline
                m = PORT.matcher(app.errSoFar());
            }
            int port = Integer.parseInt(m.group(1));
            assertTrue(port > 0);
            HttpResponse<String> all = get(URI.create("http://127.0.0.1:" + port + "/health"));
            assertEquals(200, all.statusCode(), all::body);
            assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"bulwark\",\"status\":\"UP\"}]}", all.body(),
                    "telemetry off: no telemetry-exporter check, and nothing else to check yet");

            InetAddress other = nonLoopbackAddress();
            Assumptions.assumeTrue(other != null, "this machine has no non-loopback IPv4 address to try the "
                    + "default bind (127.0.0.1) against");
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 5000);
                }
            }, "the endpoint answered on " + other + ", not only on loopback");
        } finally {
            Files.createFile(release);
            AgentJvm.Result r = app.waitFor();
            assertEquals(0, r.exitCode(), r::toString);
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
