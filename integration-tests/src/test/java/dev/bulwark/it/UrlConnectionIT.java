package dev.bulwark.it;

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
