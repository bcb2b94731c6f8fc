package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OkHttp of an application with no Bulwark annotation, guarded per server by the real agent. */
class OkHttpIT {
    private static final String APP = "dev.bulwark.it.app.http.OkHttpApp";
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
    void serverErrorsOpenTheBreakerForExecuteAndEnqueueAndItClosesWhenTheServerHeals(Path jdk) throws Exception {
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
        HttpRuns.assertLine(out, "enqueued down: status 500");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("while open: rejected CircuitBreakerOpenException server="
                + "127.0.0.1:") && l.contains("message=Bulwark rejected GET 127.0.0.1:")), () -> String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("enqueued while open: rejected CircuitBreakerOpenException on "
                + "another thread message=Bulwark rejected GET 127.0.0.1:")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "requests while open: 4");
        HttpRuns.assertLine(out, "event CLOSED->OPEN");
        HttpRuns.assertLine(out, "after heal: status 200");
        HttpRuns.assertLine(out, "event HALF_OPEN->CLOSED");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void onlyIdempotentCallsAreRetriedExecuteAndEnqueueAndRetryAfterIsHonouredWithinTheMaxWait(Path jdk)
            throws Exception {
        List<String> out = run(jdk, "http:\n  defaults:\n    retry: {wait-duration: 10ms}\n", "retry");
        for (String way : List.of("execute", "enqueue")) {
            HttpRuns.assertLine(out, way + " GET flaky: status 200 after 3 requests");
            HttpRuns.assertLine(out, way + " POST order: status 503 after 1 requests");
            HttpRuns.assertLine(out, way + " PUT one-shot: status 503 after 1 requests");
            HttpRuns.assertLine(out, way + " GET busy: status 200 after 2 requests");
            HttpRuns.assertLine(out, way + " GET later: status 503 after 1 requests");
        }
        assertEquals(2, out.stream().filter(l -> l.startsWith("event retry 127.0.0.1:") && l.contains(
                " after attempt 1 wait 1000ms: HTTP 429 from 127.0.0.1:")).count(), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "enqueue returned before the answer: true");
        HttpRuns.assertLine(out, "held: status 200");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theRateLimiterRejectsBeyondItsLimitWithAnIoException(Path jdk) throws Exception {
        List<String> out = run(jdk, HttpRuns.TWO_PERMITS, "rate-limiter");
        HttpRuns.assertThirdRequestRateLimited(out);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("enqueued: rejected RateLimitExceededException on another "
                + "thread")), () -> String.join("\n", out));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCallPastItsTimeoutIsCancelledBeforeTheServerAnswers(Path jdk) throws Exception {
        List<String> out = run(jdk, """
                http:
                  defaults:
                    timeout: {duration: 1s}            # a loaded machine may take 300ms for the next request
                """, "timeout");
        // the server still held each request when its rejection came: the timeout cancelled it, no answer ended it
        assertTrue(out.stream().anyMatch(l -> l.startsWith("execute: rejected TimeoutExceededException server=127.0.0.1:")
                && l.contains("message=Bulwark rejected GET 127.0.0.1:") && l.contains(": Bulwark timeout '")
                && l.contains("ran longer than") && l.endsWith(" (answered 0 of 1)")), () -> String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("enqueue: rejected TimeoutExceededException message=Bulwark "
                + "rejected GET 127.0.0.1:") && l.endsWith(" (answered 0 of 1)")), () -> String.join("\n", out));
        HttpRuns.assertLine(out, "after: status 200");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBulkheadRejectsASecondConcurrentCallWithAnIoException(Path jdk) throws Exception {
        List<String> out = run(jdk, "http:\n  hosts:\n    \"127.0.0.1\":\n      bulkhead: {max-concurrent-calls: 1}\n",
                "bulkhead");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("second: rejected BulkheadFullException server=127.0.0.1:")),
                () -> String.join("\n", out));
        HttpRuns.assertLine(out, "first: status 200");
        HttpRuns.assertLine(out, "after release: status 200");
        HttpRuns.assertLine(out, "fast requests: 1");
    }
}
