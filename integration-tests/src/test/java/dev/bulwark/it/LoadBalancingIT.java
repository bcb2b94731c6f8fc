package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logical services over three loopback endpoints that this test runs, called by an application with
 * the real agent (the JDK HttpClient, and Apache HttpClient 5, OkHttp and HttpURLConnection where
 * named): each strategy's spread, least-connections and a slow endpoint, retries that avoid every
 * endpoint their call tried, passive ejection and return, health checks, no healthy endpoint, an
 * endpoint killed mid-run. Counts are asserted with bounds, never timings.
 */
class LoadBalancingIT {
    private static final String APP = "dev.bulwark.it.app.http.BalancedApp";
    @TempDir
    Path dir;
    private final List<EndpointServer> endpoints = new ArrayList<>();

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    /** Each JDK with each client that retries: JDK {@code send}, JDK {@code sendAsync}, Apache HttpClient 5 classic. */
    static Stream<Arguments> jdksAndRetryingClients() {
        return AgentJvm.jdks().stream().flatMap(jdk -> Stream.of("send", "sendAsync", "apache")
                .map(client -> Arguments.of(jdk, client)));
    }

    @BeforeEach
    void startEndpoints() throws IOException {
        for (int i = 1; i <= 3; i++) {
            endpoints.add(new EndpointServer("e" + i));
        }
    }

    @AfterEach
    void stopEndpoints() {
        endpoints.forEach(EndpointServer::stop);
    }

    private String yaml() {
        String e1 = "127.0.0.1:" + endpoints.get(0).port();
        String e2 = "127.0.0.1:" + endpoints.get(1).port();
        String e3 = "127.0.0.1:" + endpoints.get(2).port();
        String all = "[" + e1 + ", " + e2 + ", " + e3 + "]";
        return """
                http:
                  defaults:
                    retry: {wait-duration: 10ms, min-retry-concurrency: 8}
                  hosts:
                    retrying:
                      circuit-breaker: {sliding-window-size: 1000, minimum-number-of-calls: 1000}
                  services:
                    rr: {endpoints: ALL}
                    random: {endpoints: ALL, strategy: random}
                    weighted: {endpoints: [E1=3, E2=2, E3], strategy: weighted-round-robin}
                    lc: {endpoints: ALL, strategy: least-connections}
                    retrying:
                      endpoints: ALL
                      strategy: random
                      outlier-ejection: {consecutive-failures: 1000000}
                    ejecting:
                      endpoints: ALL
                      outlier-ejection: {consecutive-failures: 3, base-ejection-time: 1s}
                    checked:
                      endpoints: ALL
                      health-check: {path: /checked-health, interval: 100ms, timeout: 2s, healthy-threshold: 2,
                                     unhealthy-threshold: 2}
                    dark:
                      endpoints: ALL
                      health-check: {path: /dark-health, interval: 100ms, unhealthy-threshold: 1}
                """.replace("ALL", all).replace("E1", e1).replace("E2", e2).replace("E3", e3);
    }

    private List<String> run(Path jdk, String scenario) throws Exception {
        return HttpRuns.run(jdk, dir, APP, false, yaml(), scenario, String.valueOf(endpoints.get(0).port()),
                String.valueOf(endpoints.get(1).port()), String.valueOf(endpoints.get(2).port()));
    }

    /** The counts of the line "label e1=N e2=N e3=N"; fails when the line is missing or holds anything else. */
    private static int[] counts(List<String> out, String label) {
        Pattern p = Pattern.compile(Pattern.quote(label) + " e1=(\\d+) e2=(\\d+) e3=(\\d+)");
        for (String line : out) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))};
            }
        }
        throw new AssertionError("no line '" + label + " e1=N e2=N e3=N' in\n" + String.join("\n", out));
    }

    private static void assertBetween(int low, int high, int actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in " + low + ".." + high);
    }

    /** N of the line "label repeats=N": how often an endpoint answered twice in a row. */
    private static int repeats(List<String> out, String label) {
        String prefix = label + " repeats=";
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Integer.parseInt(l.substring(prefix.length())))
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "N' in\n" + String.join("\n", out)));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void eachStrategySpreadsRequestsAsItShould(Path jdk) throws Exception {
        List<String> out = run(jdk, "distribution");
        HttpRuns.assertLine(out, "round-robin e1=50 e2=50 e3=50");
        HttpRuns.assertLine(out, "weighted e1=75 e2=50 e3=25");
        HttpRuns.assertLine(out, "async round-robin e1=10 e2=10 e3=10");
        assertEquals(java.util.Set.of("127.0.0.1:" + endpoints.get(0).port()), endpoints.get(0).hosts(),
                "the JDK client writes the endpoint's Host");
        assertEquals(0, repeats(out, "round-robin"), "round-robin never sends twice in a row to one endpoint");
        // least-connections over idle endpoints is a fair pick of two: as random as random
        for (String label : new String[] {"random", "least-connections"}) {
            int[] c = counts(out, label);
            for (int i = 0; i < 3; i++) {
                assertBetween(25, 75, c[i], label + " e" + (i + 1)); // 50 expected; over 4 standard deviations
            }
            // Independent picks repeat the previous endpoint a third of the time: about 50 of 149 pairs
            // (standard deviation 5.8); a rotation never repeats, a sticky choice always does.
            assertBetween(20, 85, repeats(out, label), label + " answers by the same endpoint twice in a row");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRetryGoesToAnEndpointItsCallHasNotTriedYet(Path jdk) throws Exception {
        // random strategy, e2 and e3 always fail and are never ejected, 3 attempts per call: only
        // a retry that avoids every endpoint its call tried reaches e1 each time
        List<String> out = run(jdk, "retry");
        HttpRuns.assertLine(out, "retry send e1=60 e2=0 e3=0");
        HttpRuns.assertLine(out, "retry sendAsync e1=60 e2=0 e3=0");
        HttpRuns.assertLine(runLibraries(jdk, "apache", "retry"), "apache retry e1=60 e2=0 e3=0");
        for (int i = 1; i <= 2; i++) {
            EndpointServer failing = endpoints.get(i);
            assertEquals(1, failing.mostAttemptsOfOneCall(), "e" + (i + 1) + " got a call twice");
            // a first attempt goes to e2 or e3 two times in three: the scenario did test retries
            assertTrue(failing.callsFailed() >= 10, "e" + (i + 1) + " failed only " + failing.callsFailed()
                    + " calls");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void leastConnectionsSendsFewerRequestsToASlowEndpoint(Path jdk) throws Exception {
        List<String> out = run(jdk, "slow");
        int[] lc = counts(out, "slow lc");
        int[] rr = counts(out, "slow rr");
        assertEquals(120, lc[0] + lc[1] + lc[2], "every request answered");
        assertEquals(40, rr[0], "round-robin gives the slow endpoint its third");
        // about 10 on a loaded 2-core machine; the bound leaves room for a slower one
        assertTrue(lc[0] < 27, () -> "least-connections gives the slow endpoint less than two thirds of what"
                + " round-robin gives it:\n" + String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anEndpointThatFailsIsEjectedAndComesBackAfterItsEjectionTime(Path jdk) throws Exception {
        List<String> out = run(jdk, "ejection");
        int[] async = counts(out, "async while e2 fails");
        assertEquals(0, async[1]);
        assertEquals(30, async[0] + async[2], "sendAsync retried each 503 on another endpoint");
        int[] failing = counts(out, "while e2 fails");
        assertEquals(0, failing[1]);
        assertEquals(30, failing[0] + failing[2]);
        HttpRuns.assertLine(out, "saw: event ejecting e2 out: ejected after 3 failures in a row, for 1s");
        // a slow machine may outlast the first ejection: e2 then fails 3 times more and goes out for 2s
        long ejections = out.stream().filter(l -> l.startsWith("event ejecting e2 out: ejected after 3 failures"))
                .count();
        assertEquals(3 * ejections, endpoints.get(1).failures(), "each ejection after exactly 3 failures");
        int[] after = counts(out, "after the ejection");
        assertEquals(10, after[1], "e2 takes its share again");
        HttpRuns.assertLine(out, "returned: true");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFailingHealthCheckTakesAnEndpointOutUntilItPassesAgain(Path jdk) throws Exception {
        List<String> out = run(jdk, "health");
        HttpRuns.assertLine(out, "saw: event checked e3 out: failing its health check: HTTP 503");
        assertEquals(0, counts(out, "while e3 is unhealthy")[2]);
        HttpRuns.assertLine(out, "saw: event checked e3 in: its health checks pass again");
        assertBetween(5, 15, counts(out, "after e3 recovered")[2], "e3 takes its share again");
        assertEquals(0, endpoints.get(2).healthChecksSeenWithQuery(), "health checks carry no query string");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withNoHealthyEndpointARequestFailsAtOnceWithAClearError(Path jdk) throws Exception {
        List<String> out = run(jdk, "none");
        String states = "127.0.0.1:" + endpoints.get(0).port() + " failing its health check: HTTP 503, 127.0.0.1:"
                + endpoints.get(1).port() + " failing its health check: HTTP 503, 127.0.0.1:" + endpoints.get(2).port()
                + " failing its health check: HTTP 503";
        String message = "Bulwark rejected GET dark: Bulwark load balancer 'dark' has no healthy endpoint: none of its"
                + " 3 endpoints is in service (" + states + ")";
        HttpRuns.assertLine(out, "sync: rejected " + message);
        HttpRuns.assertLine(out, "async failed at once: true");
        HttpRuns.assertLine(out, "async: HttpRejectedException " + message);
        HttpRuns.assertLine(out, "took under 5s: true");
        // the health checks' 503s are Bulwark's own traffic: no guard retried or counted them
        assertTrue(out.stream().noneMatch(l -> l.startsWith("event retry")), () -> String.join("\n", out));
        assertEquals(0, endpoints.get(0).apiRequests() + endpoints.get(1).apiRequests()
                + endpoints.get(2).apiRequests(), "no request reached an endpoint");
    }

    private List<String> runLibraries(Path jdk, String client) throws Exception {
        return runLibraries(jdk, client, "services");
    }

    private List<String> runLibraries(Path jdk, String client, String scenario) throws Exception {
        return HttpRuns.run(jdk, dir, "dev.bulwark.it.app.http.BalancedLibrariesApp", true, yaml(), client,
                String.valueOf(endpoints.get(0).port()), String.valueOf(endpoints.get(1).port()),
                String.valueOf(endpoints.get(2).port()), scenario);
    }

    private static void assertNoHealthyEndpoint(List<String> out, String label) {
        assertTrue(out.stream().anyMatch(l -> l.startsWith(label + " none: rejected Bulwark rejected GET dark: Bulwark"
                + " load balancer 'dark' has no healthy endpoint")), () -> String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void apacheHttpClientRoutesToTheEndpointsAndRetriesOnAnother(Path jdk) throws Exception {
        List<String> out = runLibraries(jdk, "apache");
        HttpRuns.assertLine(out, "apache round-robin e1=10 e2=10 e3=10");
        assertEquals(java.util.Set.of("rr", "ejecting"), endpoints.get(0).hosts(), "Apache keeps the Host as written");
        int[] failing = counts(out, "apache while e2 fails");
        assertEquals(0, failing[1]);
        assertEquals(30, failing[0] + failing[2], "each 503 was retried on another endpoint");
        HttpRuns.assertLine(out, "apache saw: event ejecting e2 out: ejected after 3 failures in a row, for 1s");
        long ejections = out.stream().filter(l -> l.startsWith("event ejecting e2 out: ejected after 3 failures"))
                .count();
        assertEquals(3 * ejections, endpoints.get(1).failures(), "each ejection after exactly 3 failures");
        HttpRuns.assertLine(out, "apache after the ejection e1=10 e2=10 e3=10");
        HttpRuns.assertLine(out, "apache returned: true");
        assertNoHealthyEndpoint(out, "apache");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void apacheAsyncClientRoutesToTheEndpointsAndEjectsAFailingOne(Path jdk) throws Exception {
        List<String> out = runLibraries(jdk, "apache-async");
        HttpRuns.assertLine(out, "apache-async round-robin e1=10 e2=10 e3=10");
        assertEquals(java.util.Set.of("127.0.0.1:" + endpoints.get(0).port()), endpoints.get(0).hosts(),
                "the async client writes the endpoint's Host");
        int[] failing = counts(out, "apache-async while e2 fails");
        assertEquals(0, failing[1]);
        assertEquals(30, failing[0] + failing[2], "each 503 was retried on another endpoint");
        assertNoHealthyEndpoint(out, "apache-async");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void okHttpRoutesToTheEndpointsAndEjectsAFailingOne(Path jdk) throws Exception {
        List<String> out = runLibraries(jdk, "okhttp");
        HttpRuns.assertLine(out, "okhttp round-robin e1=10 e2=10 e3=10");
        assertEquals(java.util.Set.of("127.0.0.1:" + endpoints.get(0).port()), endpoints.get(0).hosts(),
                "OkHttp writes the endpoint's Host");
        int[] failing = counts(out, "okhttp while e2 fails");
        assertEquals(0, failing[1]);
        assertEquals(30, failing[0] + failing[2], "each 503 was retried on another endpoint");
        assertNoHealthyEndpoint(out, "okhttp");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void httpUrlConnectionRoutesToTheEndpointsAndEjectsAFailingOne(Path jdk) throws Exception {
        List<String> out = run(jdk, "url-connection");
        HttpRuns.assertLine(out, "url round-robin e1=10 e2=10 e3=10");
        for (EndpointServer e : endpoints) { // a retry moved from e2 carries its new endpoint's Host
            assertEquals(java.util.Set.of("127.0.0.1:" + e.port()), e.hosts(),
                    "HttpURLConnection writes the endpoint's Host");
        }
        int[] failing = counts(out, "url while e2 fails");
        assertEquals(0, failing[1]);
        assertEquals(30, failing[0] + failing[2], "each 503 was retried on another endpoint");
        assertNoHealthyEndpoint(out, "url");
    }

    @ParameterizedTest
    @MethodSource("jdksAndRetryingClients")
    void anEndpointStoppedMidRunFailsNoIdempotentRequest(Path jdk, String client) throws Exception {
        List<String> out;
        String label = "";
        if (client.equals("apache")) {
            out = runLibraries(jdk, "apache", "killed");
            label = "apache ";
        } else {
            out = run(jdk, client.equals("send") ? "killed" : "killed-async");
        }
        HttpRuns.assertLine(out, label + "e3 stopped");
        HttpRuns.assertLine(out, label + "killed: answered 240 of 240");
        assertTrue(out.stream().noneMatch(l -> l.startsWith("unexpected")), () -> String.join("\n", out));
        assertTrue(endpoints.get(2).apiRequests() > 0 && endpoints.get(2).apiRequests() < 240,
                () -> "e3 answered part of the requests before it stopped: " + endpoints.get(2).apiRequests());
    }

    /** One endpoint: answers its name; told by /control/... to fail, turn sick, heal or stop. */
    private static final class EndpointServer {
        private final String name;
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "endpoint");
            t.setDaemon(true);
            return t;
        });
        private volatile boolean failing;
        private volatile boolean sick;
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger api = new AtomicInteger();
        private final AtomicInteger queried = new AtomicInteger();
        /** Per X-Call header, how many attempts of that call this endpoint failed. */
        private final java.util.Map<String, AtomicInteger> failedCalls = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Set<String> hosts = java.util.concurrent.ConcurrentHashMap.newKeySet();

        EndpointServer(String name) throws IOException {
            this.name = name;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int failures() {
            return failures.get();
        }

        int apiRequests() {
            return api.get();
        }

        /** The Host headers of the requests to services. */
        java.util.Set<String> hosts() {
            return hosts;
        }

        int healthChecksSeenWithQuery() {
            return queried.get();
        }

        /** Of the calls this endpoint failed, the most attempts of one call it got. */
        int mostAttemptsOfOneCall() {
            return failedCalls.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        }

        int callsFailed() {
            return failedCalls.size();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        private void handle(HttpExchange exchange) throws IOException {
            boolean stop = false;
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                int status = 200;
                switch (path) {
                    case "/control/fail" -> failing = true;
                    case "/control/sick" -> sick = true;
                    case "/control/heal" -> {
                        failing = false;
                        sick = false;
                    }
                    case "/control/stop" -> stop = true;
                    case "/checked-health" -> {
                        status = sick ? 503 : 200;
                        if (exchange.getRequestURI().getRawQuery() != null) {
                            queried.incrementAndGet();
                        }
                    }
                    case "/dark-health" -> status = 503;
                    case "/poll" -> status = 200;
                    case "/slow" -> {
                        if (name.equals("e1")) {
                            try {
                                // slow enough that the fast two answer first even on a loaded machine
                                Thread.sleep(600);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                    default -> {
                        api.incrementAndGet();
                        hosts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
                        if (failing) {
                            failures.incrementAndGet();
                            String call = exchange.getRequestHeaders().getFirst("X-Call");
                            if (call != null && !call.equals("-")) {
                                failedCalls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
                            }
                            status = 503;
                        }
                    }
                }
                byte[] body = (status == 200 ? name : "no").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
            if (stop) {
                // Only once the control request has its answer: a server stopped under an exchange may
                // leave that connection open with no answer. Stopped as a server is shut down: no new
                // connection, exchanges under way finish (up to 1 s), then every connection closes. A
                // response cut off in its body after the client returned it to the application is not
                // a request any client can send again (see the README).
                new Thread(() -> server.stop(1)).start();
            }
        }
    }
}
