package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK's HttpURLConnection of an application with no Bulwark annotation, guarded per server by the real agent. */
class UrlConnectionIT {
    private static final String APP = "dev.bulwark.it.app.http.UrlConnectionApp";
    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private List<String> run(Path jdk, String yaml, String scenario) throws Exception {
        return HttpRuns.run(jdk, dir, APP, true, yaml, scenario);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void serverErrorsOpenTheBreakerOnceEachAndItClosesWhenTheServerHeals(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  defaults:
                    retry: {max-attempts: 1}
                    circuit-breaker:
                      sliding-window-size: 4
                      minimum-number-of-calls: 4
                      wait-duration-in-open-state: 300ms
                      permitted-number-of-calls-in-half-open-state: 1
                """, "breaker");
        HttpRuns.assertLine(out, "after 404s: status 404");
        HttpRuns.assertLine(out, "down 2: status 500");
        HttpRuns.assertLine(out, "post down: status 500");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("while open: rejected CircuitBreakerOpenException server="
                + "127.0.0.1:") && l.contains("message=Bulwark rejected GET 127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "requests while open: 4");
        HttpRuns.assertLine(out, "event CLOSED->OPEN");
        HttpRuns.assertLine(out, "after heal: status 200");
        HttpRuns.assertLine(out, "event HALF_OPEN->CLOSED");
        assertFalse(out.stream().anyMatch(l -> l.startsWith("event retry")), () -> String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void idempotentRequestsWithoutABodyAreSentAgainAndTheCallerSeesOnlyTheLastAttempt(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "retry");
        HttpRuns.assertLine(out, "GET flaky: status 200 OK, Retry-After null, body 'status 200' after 3 requests");
        HttpRuns.assertLine(out, "DELETE gone: status 200 OK, Retry-After null, body 'status 200' after 2 requests");
        HttpRuns.assertLine(out, "POST order: status 503 Service Unavailable, Retry-After null, body 'status 503' after"
                + " 1 requests");
        HttpRuns.assertLine(out, "PUT with a body: status 503 Service Unavailable, Retry-After null, body 'status 503'"
                + " after 1 requests");
        // the 429's Retry-After was waited for, and the caller sees the 200 that followed, not the 429's header
        HttpRuns.assertLine(out, "GET busy: status 200 OK, Retry-After null, body 'status 200' after 2 requests");
        assertEquals(1, out.stream().filter(l -> l.startsWith("event retry 127.0.0.1:") && l.contains(
                " after attempt 1 wait 1000ms: HTTP 429 from 127.0.0.1:")).count(), () -> String.join("\n", out));
        // asked to wait 30s, beyond the max wait of 5s: returned at once
        HttpRuns.assertLine(out, "GET later: status 503 Service Unavailable, Retry-After 30, body 'status 503' after 1"
                + " requests");
        // the last attempt's 503, with its error stream, after max-attempts 3
        HttpRuns.assertLine(out, "GET down: status 503 Service Unavailable, Retry-After null, body 'status 503' after 3"
                + " requests");
        // the retries could not connect: the caller sees that, never the first attempt's 503
        HttpRuns.assertLine(out, "GET closed: failed ConnectException, asked again: failed ConnectException, error"
                + " stream null");
        assertEquals(2 + 1 + 1 + 2 + 2, out.stream().filter(l -> l.startsWith("event retry 127.0.0.1:")).count(),
                () -> "retries: flaky 2, gone 1, busy 1, down 2, closed 2\n" + String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBulkheadRejectsASecondConcurrentRequestWithAnIoException(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  hosts:\n    \"127.0.0.1:*\":\n      bulkhead: {max-concurrent-calls: 1}\n",
                "bulkhead");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("second: rejected BulkheadFullException server=127.0.0.1:")),
                () -> String.join("\n", out));
        HttpRuns.assertLine(out, "first: status 200");
        HttpRuns.assertLine(out, "after release: status 200");
        HttpRuns.assertLine(out, "fast requests: 1");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTimeoutPolicyBecomesTheSocketTimeoutsOfAConnectionThatSetNone(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    timeout: {duration: 300ms}\n", "timeout");
        HttpRuns.assertLine(out, "before: connect timeout 0 read timeout 0");
        assertTrue(out.stream().anyMatch(l -> l.equals("held: failed SocketTimeoutException read timeout 300")
                || l.startsWith("held: failed HttpRejectedException")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "own timeout kept: status 200 read timeout 5000");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theRateLimiterRejectsBeyondItsLimitWithAnIoException(Path jdk) throws Exception {
        List<String> out = run(jdk, HttpRuns.TWO_PERMITS, "rate-limiter");
        HttpRuns.assertThirdRequestRateLimited(out);
    }
}
