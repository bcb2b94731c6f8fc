package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.OutlierRules;
import dev.bulwark.bootstrap.balance.Strategy;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.bootstrap.telemetry.OwnTraffic;
import dev.bulwark.bootstrap.time.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK HttpClient's judgement of one attempt, on real request objects and a response as the client gives it. */
class HttpGuardsTest {
    private static final long MS = 1_000_000L;
    private static final ServerRules RULES = ServerRules.defaults();
    private static final LoadBalancer CATALOG = new LoadBalancer("catalog", Strategy.ROUND_ROBIN,
            List.of(new Endpoint("10.0.0.1", 8080, 1)), OutlierRules.defaults(), Clock.system(), null);

    @BeforeAll
    static void install() {
        HttpGuards.install(new HttpGuards.Planner() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public GuardPlan plan(String server) {
                return new GuardPlan(server, server, CircuitBreakerRules.defaults(), server,
                        new RetryRules(3, 10 * MS, 1, 2_000 * MS, 0, 0, List.of(), List.of()),
                        server.startsWith("narrow") ? server : null,
                        server.startsWith("narrow") ? new BulkheadRules(1, 0, false, 1) : null, null, null);
            }

            @Override
            public ServerRules rules(String server) {
                return RULES; // the agent's planner keeps one per server and snapshot too
            }

            @Override
            public LoadBalancer balancer(String name) {
                return name.equals("catalog") ? CATALOG : null;
            }
        });
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    /** One attempt as the advice runs it: returns what onJdkAttemptEnd answered. */
    private static long attempt(HttpRequest request, HttpResponse<?> response) throws Exception {
        HttpCallDepth.enter();
        HttpSite site = HttpGuards.site(request.uri());
        Guard guard = site.guard();
        Object timer = HttpGuards.enter(site, guard, request.method());
        long start = guard.now();
        Throwable thrown = guard.stopTimer(timer, null);
        long wait = JdkHttpGuards.onJdkAttemptEnd(site, guard, request, response, thrown, start, 1, start);
        HttpCallDepth.exit();
        return wait;
    }

    @Test
    void aSuccessfulRequestAllocatesNothing() {
        HttpRequest request = get("http://quiet.test:8080/orders?id=1");
        HttpResponse<String> ok = new Answer(request, 200, Map.of());
        assertEquals(0, Allocation.bytesPerCall(() -> {
            try {
                attempt(request, ok);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void aSuccessfulRequestByHostAndPortAllocatesNothing() {
        // As Apache HttpClient and OkHttp give it: host and port, no URI; a new host string per request
        String[] hosts = {new String("quiet-parts.test"), new String("quiet-parts.test")};
        int[] n = new int[1];
        assertEquals(0, Allocation.bytesPerCall(() -> {
            try {
                HttpCallDepth.enter();
                HttpSite site = HttpGuards.site("http", hosts[n[0]++ & 1], 8080);
                Guard guard = site.guard();
                Object timer = HttpGuards.enter(site, guard, "GET");
                long start = guard.now();
                Throwable thrown = guard.stopTimer(timer, null);
                HttpGuards.onAttemptEnd(site, guard, "GET", false, 200, null, thrown, start, 1, start);
                HttpCallDepth.exit();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void findingTheSiteOfAHostAndPortAllocatesNothingOnceSeen() {
        HttpGuards.site("https", "seen.test", -1);
        String host = new String("seen.test");
        assertEquals(0, Allocation.bytesPerCall(() -> HttpGuards.site("https", host, -1)));
    }

    @Test
    void aHostAndPortMapToTheirServerWhateverTheSpelling() {
        HttpSite written = HttpGuards.site("http", "Parts.test", -1);
        assertEquals("parts.test:80", written.server());
        assertTrue(written == HttpGuards.site("http", "parts.test", 80));
        assertTrue(written == HttpGuards.site("HTTP", "Parts.test", -1));
        assertEquals("parts.test:443", HttpGuards.site("https", "Parts.test", -1).server());
        assertEquals("parts.test:8080", HttpGuards.site("http", "Parts.test", 8080).server());
        assertEquals("catalog", HttpGuards.site("http", "catalog", -1).server());
        assertEquals("catalog:8080", HttpGuards.site("http", "catalog", 8080).server());
    }

    @Test
    void aFailedIdempotentRequestIsRetriedAPostIsNot() throws Exception {
        HttpRequest get = get("http://flaky.test/");
        assertEquals(10 * MS, attempt(get, new Answer(get, 503, Map.of())));
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://flaky.test/")).POST(
                HttpRequest.BodyPublishers.ofString("order")).build();
        assertEquals(-1, attempt(post, new Answer(post, 503, Map.of())));
    }

    @Test
    void aClientErrorIsNeitherAFailureNorRetried() throws Exception {
        HttpRequest get = get("http://strict.test/");
        assertEquals(-1, attempt(get, new Answer(get, 404, Map.of())));
        assertEquals(0, HttpGuards.site(get.uri()).guard().breaker().failedCalls());
    }

    @Test
    void retryAfterSetsTheWaitWithinTheMaxWait() throws Exception {
        HttpRequest get = get("http://busy.test/");
        assertEquals(1_000 * MS, attempt(get, new Answer(get, 429, Map.of("Retry-After", List.of("1")))));
        assertEquals(-1, attempt(get, new Answer(get, 503, Map.of("Retry-After", List.of("30")))));
    }

    @Test
    void aStreamedBodyIsNeverSentTwice() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create("http://stream.test/")).PUT(
                HttpRequest.BodyPublishers.fromPublisher(new SubmissionPublisher<>())).build();
        assertEquals(-1, attempt(put, new Answer(put, 503, Map.of())));
        HttpRequest replayable = HttpRequest.newBuilder(URI.create("http://stream.test/")).PUT(
                HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build();
        assertEquals(10 * MS, attempt(replayable, new Answer(replayable, 503, Map.of())));
    }

    @Test
    void aRefusalIsAnIoExceptionNamingTheServerAndThePolicy() throws Exception {
        HttpRequest get = get("https://user:pw@narrow.test/a?token=secret");
        HttpSite site = HttpGuards.site(get.uri());
        Guard guard = site.guard();
        HttpCallDepth.enter();
        HttpGuards.enter(site, guard, "GET");
        HttpCallDepth.enter();
        HttpRejectedException e = assertThrows(HttpRejectedException.class, () -> HttpGuards.enter(site, guard, "GET"));
        assertEquals("narrow.test:443", e.server());
        assertInstanceOf(BulkheadFullException.class, e.getCause());
        assertEquals("Bulwark rejected GET narrow.test:443: " + e.getCause().getMessage(), e.getMessage());
        assertTrue(HttpCallDepth.inside(), "the refused call left its own depth, the first call's stays");
        guard.onAttemptEnd(guard.now(), null, 1, 0);
        HttpCallDepth.exit();
    }

    @Test
    void bulwarksOwnExportsToItsCollectorAreNeverGuarded() {
        OwnTraffic.exclude("http://collector.internal:4318/v1/metrics");
        assertNull(HttpGuards.site(URI.create("http://collector.internal:4318/v1/metrics")));
        assertNull(HttpGuards.site("http", "COLLECTOR.internal", 4318));
        assertNotNull(HttpGuards.site(URI.create("http://collector.internal:4319/v1/metrics")));
    }

    @Test
    void onlyHttpAndHttpsAreGuarded() {
        assertNull(HttpGuards.site(URI.create("ftp://files.test/")));
        assertNull(HttpGuards.site((URI) null));
    }

    @Test
    void cancellingTheCallersFutureCancelsTheExchange() {
        HttpRequest get = get("http://cancel.test/");
        HttpSite site = HttpGuards.site(get.uri());
        Guard guard = site.guard();
        assertNull(guard.tryEnterAsync());
        CompletableFuture<Object> exchange = new CompletableFuture<>();
        CompletableFuture<Object> result = JdkHttpGuards.sendAsync(site, guard, null, get, null, null, guard.now(),
                null, exchange, null);
        result.cancel(true);
        assertTrue(exchange.isCancelled());
        assertEquals(0, guard.breaker().failedCalls(), "a cancelled call is not the server's fault");
    }

    @Test
    void anAsyncRefusalIsAFailedFutureNotAThrow() {
        HttpRequest get = get("http://narrow-async.test/");
        HttpSite site = HttpGuards.site(get.uri());
        Guard guard = site.guard();
        assertNull(guard.tryEnterAsync());
        Throwable refused = guard.tryEnterAsync();
        CompletableFuture<Object> result = JdkHttpGuards.sendAsync(site, guard, null, get, null, null, 0, refused, null,
                null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(0, TimeUnit.SECONDS));
        assertInstanceOf(HttpRejectedException.class, e.getCause());
        assertInstanceOf(BulkheadFullException.class, e.getCause().getCause());
    }

    /** A response as the JDK client hands it over. */
    private record Answer(HttpRequest request, int statusCode, Map<String, List<String>> headerMap)
            implements HttpResponse<String> {
        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(headerMap, (k, v) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    @Test
    void aHostThatNamesAServiceWithoutAPortIsThatService() {
        HttpSite site = HttpGuards.site(URI.create("http://Catalog/items?q=1"));
        assertEquals("catalog", site.server());
        assertEquals(CATALOG, site.balancer());
        assertEquals("catalog", HttpGuards.site("https", "catalog", -1).server());
        HttpSite withPort = HttpGuards.site(URI.create("http://catalog:8080/items"));
        assertEquals("catalog:8080", withPort.server(), "a port names a plain server");
        assertNull(withPort.balancer());
        assertNull(HttpGuards.site(URI.create("http://api.example.com/x")).balancer());
    }

    @Test
    void aRoutedJdkRequestIsTheSameRequestSentToTheEndpoint() {
        HttpRequest asked = HttpRequest.newBuilder(URI.create("http://catalog/items?q=1"))
                .header("X-Trace", "abc").timeout(Duration.ofSeconds(3))
                .PUT(HttpRequest.BodyPublishers.ofString("item")).build();
        HttpRequest routed = (HttpRequest) Routing.jdkRequest(asked, CATALOG.endpoints().get(0));
        assertEquals(URI.create("http://10.0.0.1:8080/items?q=1"), routed.uri());
        assertEquals("PUT", routed.method());
        assertEquals(Optional.of("abc"), routed.headers().firstValue("X-Trace"));
        assertEquals(asked.timeout(), routed.timeout());
        assertEquals(asked.bodyPublisher().get().contentLength(), routed.bodyPublisher().get().contentLength());
        assertTrue(JavaNetHttp.replayable(routed), "still a body that can be sent again");
    }
}
