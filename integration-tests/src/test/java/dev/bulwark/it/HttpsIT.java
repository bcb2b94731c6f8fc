package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bulwark.it.app.http.HttpsApp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP client Bulwark guards, over TLS to a real HTTPS server on loopback whose certificate
 * is made for this test: requests are guarded under {@code 127.0.0.1:PORT}, each counted once (an
 * {@code HttpsURLConnection} delegates to the JDK's HTTP connection, which must not be guarded a
 * second time), and neither user info, query string nor Authorization header reaches the output.
 */
class HttpsIT {
    private static final String APP = HttpsApp.class.getName();
    private static final String STORE_PASSWORD = "it-store-pass";
    /** The clients that retry a failed idempotent request themselves (through Bulwark's retry). */
    private static final List<String> RETRYING = List.of("jdk-send", "jdk-send-async", "url-connection",
            "apache-classic", "apache-async", "okhttp", "okhttp-enqueue");
    private static final List<String> CLIENTS = List.of("jdk-send", "jdk-send-async", "url-connection",
            "apache-classic", "apache-async", "okhttp", "okhttp-enqueue");

    @TempDir
    static Path keys;
    private static Path keystore;
    private static TlsServer server;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (Path jdk : AgentJvm.jdks()) {
            for (String client : CLIENTS) {
                runs.add(Arguments.of(client, jdk));
            }
        }
        return runs.stream();
    }

    @BeforeAll
    static void startServer() throws Exception {
        keystore = SelfSigned.keystore(keys, STORE_PASSWORD);
        server = new TlsServer(keystore, STORE_PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void theBreakerOfHostAndPortOpensAfterItsWindowWithEachRequestCountedOnce(String client, Path jdk)
            throws Exception {
        String key = "127.0.0.1:" + server.port();
        String prefix = prefix(client);
        server.answer(prefix + "/down", 503);
        // A window of 4 failures: a request counted twice would open it after the second request.
        List<String> out = run(jdk, """
                http:
                  hosts:
                    "%s":
                      retry: {max-attempts: 1}
                      circuit-breaker:
                        sliding-window-size: 4
                        minimum-number-of-calls: 4
                        failure-rate-threshold: 50
                        wait-duration-in-open-state: 1h
                """.formatted(key), "breaker", client, prefix);
        for (int i = 1; i <= 4; i++) {
            assertLine(out, "down " + i + ": status 503");
        }
        assertLine(out, "while open: rejected CircuitBreakerOpenException server=" + key
                + " message=Bulwark rejected GET " + key + ": Bulwark circuit breaker '" + key + "' is OPEN", true);
        assertFalse(out.stream().anyMatch(l -> l.endsWith("(not at once)")),
                () -> "a future failed late\n" + text(out));
        assertEquals(1, out.stream().filter(l -> l.equals("event " + key + " CLOSED->OPEN")).count(), () -> text(out));
        // One event for the one refused request: HttpURLConnection.getResponseCode asks getInputStream a
        // second time (through getHeaderField), which rethrows the remembered rejection unguarded.
        int rejections = 1;
        assertEquals(rejections, out.stream().filter(l -> l.startsWith("event rejected CIRCUIT_BREAKER " + key + ": "))
                .count(), () -> "rejections of the one request while open\n" + text(out));
        assertEquals(4, server.count(prefix + "/down"), () -> "requests the server got\n" + text(out));
        assertEquals(4, server.withSecrets(prefix + "/down"), "requests that carried the query and bearer tokens");
        if (client.equals("url-connection")) {
            assertLine(out, "implementation: sun.net.www.protocol.https.HttpsURLConnectionImpl");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void eachAttemptIsSentAndRetriedOnceUnderHostAndPort(String client, Path jdk) throws Exception {
        String key = "127.0.0.1:" + server.port();
        String prefix = prefix(client);
        server.answer(prefix + "/flaky", 503);
        List<String> out = run(jdk, """
                http:
                  hosts:
                    "%s":
                      retry: {max-attempts: 3, wait-duration: 10ms}
                """.formatted(key), "retry", client, prefix);
        int attempts = RETRYING.contains(client) ? 3 : 1;
        assertLine(out, "up: status 200");
        assertLine(out, "flaky: status 503");
        assertEquals(1, server.count(prefix + "/up"), () -> text(out));
        assertEquals(attempts, server.count(prefix + "/flaky"), () -> "requests the server got\n" + text(out));
        List<String> retries = out.stream().filter(l -> l.startsWith("event retry ")).toList();
        List<String> expected = new ArrayList<>();
        for (int a = 1; a < attempts; a++) {
            expected.add("event retry " + key + " after attempt " + a + ": HTTP 503 from " + key);
        }
        assertEquals(expected, retries, () -> text(out));
        assertEquals(1 + attempts, server.withSecrets(prefix + "/up") + server.withSecrets(prefix + "/flaky"),
                "requests that carried the query and bearer tokens");
    }

    /** Paths of their own for each run, as the server lives for all of them. */
    private static String prefix(String client) {
        return "/" + client + "-" + RUNS.incrementAndGet();
    }

    /**
     * Runs the application with the agent reading {@code yaml}; checks it ended well, printed no
     * warning and no secret of its URLs or headers; returns its lines.
     */
    private List<String> run(Path jdk, String yaml, String scenario, String client, String prefix) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        AgentJvm.Result r = AgentJvm.start(jdk, true, "config=" + file,
                List.of("-D" + HttpsApp.KEYSTORE + "=" + keystore, "-D" + HttpsApp.PASSWORD + "=" + STORE_PASSWORD),
                APP, scenario, client, String.valueOf(server.port()), prefix).waitFor();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.outLines().contains("attached=true"), r::toString);
        assertTrue(r.outLines().contains("done"), r::toString);
        assertFalse(r.err().contains("WARN"), r::toString);
        for (String secret : List.of(HttpsApp.USER, HttpsApp.USER_PASSWORD, HttpsApp.QUERY_SECRET,
                HttpsApp.BEARER_SECRET)) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), () -> secret + " leaked:\n" + r);
        }
        return r.outLines();
    }

    private static void assertLine(List<String> out, String line) {
        assertLine(out, line, false);
    }

    private static void assertLine(List<String> out, String line, boolean prefixOnly) {
        assertTrue(out.stream().anyMatch(l -> prefixOnly ? l.startsWith(line) : l.equals(line)),
                () -> "no line " + (prefixOnly ? "starting " : "") + "'" + line + "' in\n" + text(out));
    }

    private static String text(List<String> out) {
        return String.join("\n", out);
    }

    /** A key pair and its self-signed certificate for 127.0.0.1, made by the running JDK's keytool. */
    private static final class SelfSigned {
        static Path keystore(Path dir, String password) throws Exception {
            Path store = dir.resolve("server.p12");
            Path log = dir.resolve("keytool.log");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!keytool.waitFor(120, TimeUnit.SECONDS)) {
                keytool.destroyForcibly();
                throw new AssertionError("keytool did not finish within 120s");
            }
            assertEquals(0, keytool.exitValue(), () -> "keytool failed: " + read(log));
            return store;
        }

        private static String read(Path log) {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    /**
     * The JDK's HTTPS server on 127.0.0.1 with that certificate. Answers 200 unless told to fail a
     * path; counts the requests per path, and those that carried the application's query and bearer
     * tokens (so that their absence from the output means something).
     */
    private static final class TlsServer implements AutoCloseable {
        private final HttpsServer https;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "https-it-server");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, Integer> failing = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> secrets = new ConcurrentHashMap<>();

        TlsServer(Path keystore, String password) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            https.setExecutor(threads);
            https.createContext("/", this::handle);
            https.start();
        }

        int port() {
            return https.getAddress().getPort();
        }

        /** From now on, answers {@code path} with {@code status}. */
        void answer(String path, int status) {
            failing.put(path, status);
        }

        int count(String path) {
            AtomicInteger c = counts.get(path);
            return c == null ? 0 : c.get();
        }

        int withSecrets(String path) {
            AtomicInteger c = secrets.get(path);
            return c == null ? 0 : c.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getRawQuery();
                if (query != null && query.contains(HttpsApp.QUERY_SECRET) && ("Bearer " + HttpsApp.BEARER_SECRET)
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    secrets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                }
                // counted before answering: once the client has its answer, the count includes it
                counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                int status = failing.getOrDefault(path, 200);
                byte[] text = ("status " + status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, text.length);
                exchange.getResponseBody().write(text);
            } finally {
                exchange.close();
            }
        }

        @Override
        public void close() {
            https.stop(0);
            threads.shutdownNow();
        }
    }
}
