package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK HttpClient of an application with no Bulwark annotation, guarded per server by the real agent. */
class JdkHttpClientIT {
    private static final String APP = "dev.bulwark.it.app.http.JdkHttpApp";
    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private List<String> run(Path jdk, String yaml, String scenario) throws Exception {
        return run(jdk, yaml, scenario, true);
    }

    private List<String> run(Path jdk, String yaml, String scenario, boolean libraries) throws Exception {
        return HttpRuns.run(jdk, dir, APP, libraries, yaml, scenario);
    }

    private static void assertLineStarting(List<String> out, String prefix) {
        assertTrue(out.stream().anyMatch(l -> l.startsWith(prefix)),
                () -> "no line starting '" + prefix + "' in\n" + String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void onlyIdempotentRequestsAreRetriedAndRetryAfterIsHonouredWithinTheMaxWait(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "retry");
        HttpRuns.assertLine(out, "GET flaky: status 200 after 3 requests");
        HttpRuns.assertLine(out, "POST order: status 503 after 1 requests");
        HttpRuns.assertLine(out, "GET busy: status 200 after 2 requests");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("event retry 127.0.0.1:") && l.endsWith(
                " after attempt 1 wait 1000ms: HTTP 429 from " + l.substring("event retry ".length(),
                        l.indexOf(" after")))), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "GET later: status 503 after 1 requests");
        HttpRuns.assertLine(out, "GET missing: status 404 after 1 requests");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void serverErrorsOpenTheBreakerClientErrorsDoNotAndItClosesWhenTheServerHeals(Path jdk) throws Exception {
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
        HttpRuns.assertLine(out, "down 3: status 500");
        assertLineStarting(out, "while open: rejected CircuitBreakerOpenException server=127.0.0.1:");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("while open:") && l.contains(" message=Bulwark rejected GET "
                + "127.0.0.1:") && l.contains(": Bulwark circuit breaker '127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "requests while open: 4");
        HttpRuns.assertLine(out, "event CLOSED->OPEN");
        HttpRuns.assertLine(out, "after heal: status 200");
        HttpRuns.assertLine(out, "event HALF_OPEN->CLOSED");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBulkheadRejectsWithAnIoExceptionAndAFailedFutureWithoutBlocking(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  hosts:\n    \"127.0.0.1\":\n      bulkhead: {max-concurrent-calls: 1}\n",
                "bulkhead");
        assertLineStarting(out, "second: rejected BulkheadFullException server=127.0.0.1:");
        HttpRuns.assertLine(out, "async failed at once: true");
        assertLineStarting(out, "async: rejected BulkheadFullException message=Bulwark rejected GET 127.0.0.1:");
        HttpRuns.assertLine(out, "first: status 200");
        HttpRuns.assertLine(out, "after release: status 200");
        HttpRuns.assertLine(out, "fast requests: 1");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theRateLimiterRejectsBeyondItsLimit(Path jdk) throws Exception {
        List<String> out = run(jdk, HttpRuns.TWO_PERMITS, "rate-limiter");
        HttpRuns.assertThirdRequestRateLimited(out);
        assertLineStarting(out, "async: rejected RateLimitExceededException");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRequestPastItsTimeoutIsAbandoned(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  defaults:
                    retry: {max-attempts: 1}
                    timeout: {duration: 1s}            # a loaded machine may take 300ms for the next request
                """, "timeout");
        assertLineStarting(out, "sync: rejected TimeoutExceededException server=127.0.0.1:");
        assertLineStarting(out, "async: rejected TimeoutExceededException");
        HttpRuns.assertLine(out, "after: status 200");
    }

    /**
     * Five attempts of 1s each would take 5s; the deadline ends the call after about two and a half, the
     * last attempt cut short, and the rejection names the deadline, not the attempt's timeout.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void retriesOfASlowServerEndAtTheTimeoutsDeadline(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  defaults:
                    retry: {max-attempts: 5, wait-duration: 10ms}
                    timeout: {duration: 1s, deadline: 2500ms}
                """, "deadline");
        for (String mode : List.of("sync", "async")) {
            String outcome = out.stream().filter(l -> l.startsWith(mode + ": ")).findFirst().orElseThrow();
            assertTrue(outcome.startsWith(mode + ": rejected TimeoutExceededException")
                    && outcome.endsWith("ran longer than 2.5s and was abandoned"), () -> String.join("\n", out));
            int requests = Integer.parseInt(out.stream().filter(l -> l.startsWith(mode + " requests: ")).findFirst()
                    .orElseThrow().substring((mode + " requests: ").length()));
            assertTrue(requests >= 1 && requests <= 3, () -> String.join("\n", out));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sendAsyncStaysAsyncAndRetriesOnlyIdempotentRequests(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "async");
        HttpRuns.assertLine(out, "returned before the answer: true");
        HttpRuns.assertLine(out, "held: status 200");
        HttpRuns.assertLine(out, "GET flaky: status 200 after 3 requests");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("event retry 127.0.0.1:") && l.contains(
                " after attempt 2 wait 1000ms: HTTP 429 from 127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "POST order: status 503 after 1 requests");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withHttpTurnedOffNothingIsGuarded(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  enabled: false
                  hosts:
                    "127.0.0.1": {bulkhead: {max-concurrent-calls: 1}}
                """, "bulkhead");
        HttpRuns.assertLine(out, "second: status 200");
        HttpRuns.assertLine(out, "async failed at once: false");
        HttpRuns.assertLine(out, "fast requests: 3");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anApplicationWithoutApacheHttpClientOrOkHttpIsGuardedAllTheSame(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  hosts:\n    \"127.0.0.1\":\n      bulkhead: {max-concurrent-calls: 1}\n",
                "bulkhead", false);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("second: rejected BulkheadFullException")),
                () -> String.join("\n", out));
    }
}
