package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        HttpRuns.assertLine(out, "enqueued while open: rejected CircuitBreakerOpenException on another thread");
        HttpRuns.assertLine(out, "requests while open: 4");
        HttpRuns.assertLine(out, "event CLOSED->OPEN");
        HttpRuns.assertLine(out, "after heal: status 200");
        HttpRuns.assertLine(out, "event HALF_OPEN->CLOSED");
        assertFalse(out.stream().anyMatch(l -> l.startsWith("event retry")), () -> String.join("\n", out));
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
