package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5 async of an application with no Bulwark annotation, guarded per server by the
 * real agent: rejections arrive as failed futures and failed callbacks, never by blocking or
 * throwing from {@code execute}.
 */
class Apache5AsyncIT {
    private static final String APP = "dev.bulwark.it.app.http.Apache5AsyncApp";
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
    void serverErrorsOpenTheBreakerAndTheRejectionIsAFailedFuture(Path jdk) throws Exception {
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
        HttpRuns.assertLine(out, "down 3: status 500");
        HttpRuns.assertLine(out, "event CLOSED->OPEN");
        HttpRuns.assertLine(out, "rejected at once: true");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("while open: rejected CircuitBreakerOpenException server="
                + "127.0.0.1:") && l.contains("message=Bulwark rejected GET 127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "rejections in callbacks: 1");
        HttpRuns.assertLine(out, "requests while open: 4");
        HttpRuns.assertLine(out, "after heal: status 200");
        HttpRuns.assertLine(out, "event HALF_OPEN->CLOSED");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBulkheadRejectsASecondConcurrentRequestWithoutBlocking(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  hosts:\n    \"127.0.0.1\":\n      bulkhead: {max-concurrent-calls: 1}\n",
                "bulkhead");
        HttpRuns.assertLine(out, "first pending while held: true");
        HttpRuns.assertLine(out, "second done at once: true");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("second: rejected BulkheadFullException server=127.0.0.1:")),
                () -> String.join("\n", out));
        HttpRuns.assertLine(out, "first: status 200");
        HttpRuns.assertLine(out, "after release: status 200");
        HttpRuns.assertLine(out, "fast requests: 1");
        HttpRuns.assertLine(out, "callbacks: completed 200, completed 200, failed HttpRejectedException");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTimedOutRequestFailsItsFutureAndFreesItsPermit(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  hosts:
                    "127.0.0.1":
                      timeout: {duration: 1s}
                      bulkhead: {max-concurrent-calls: 1}
                """, "timeout");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("held: rejected TimeoutExceededException server=127.0.0.1:")),
                () -> String.join("\n", out));
        HttpRuns.assertLine(out, "callback: failed HttpRejectedException");
        HttpRuns.assertLine(out, "after: status 200");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void onlyIdempotentRequestsAreRetriedWithoutBlockingAndRetryAfterIsHonouredWithinTheMaxWait(Path jdk)
            throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "retry");
        HttpRuns.assertLine(out, "GET flaky pending at once: true");
        HttpRuns.assertLine(out, "GET flaky: status 200 after 3 requests");
        HttpRuns.assertLine(out, "POST order: status 503 after 1 requests");
        HttpRuns.assertLine(out, "PUT once: status 503 after 1 requests");
        HttpRuns.assertLine(out, "GET busy: status 200 after 2 requests");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("event retry 127.0.0.1:") && l.contains(
                " after attempt 1 wait 1000ms: HTTP 429 from 127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "GET later: status 503 after 1 requests");
        // one callback per request, with the last attempt's outcome
        HttpRuns.assertLine(out, "callbacks: completed 200, completed 200, completed 503, completed 503, completed 503");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theRateLimiterRejectsBeyondItsLimitWithAFailedFuture(Path jdk) throws Exception {
        List<String> out = run(jdk, HttpRuns.TWO_PERMITS, "rate-limiter");
        HttpRuns.assertThirdRequestRateLimited(out);
        HttpRuns.assertLine(out, "3 done at once: true");
        HttpRuns.assertLine(out, "callbacks: completed 200, completed 200, failed HttpRejectedException");
    }
}
