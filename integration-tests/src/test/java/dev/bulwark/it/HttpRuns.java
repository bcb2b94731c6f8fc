package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

/** What the HTTP client tests share: running a client application under a bulwark.yaml, and reading its lines. */
final class HttpRuns {
    /** Put in the query string of the applications' requests: it must never be printed. */
    static final String SECRET = "s3cr3t-token";

    /** The rate-limiter scenario's settings: two permits, none more for an hour. */
    static final String TWO_PERMITS = """
            http:
              defaults:
                rate-limiter: {limit-for-period: 2, limit-refresh-period: 1h, timeout-duration: 0}
            """;

    private HttpRuns() {
    }

    /**
     * Runs {@code app} with the agent reading {@code yaml}; checks it ended well, printed no secret and
     * no warning; returns its lines. {@code libraries}: whether Apache HttpClient and OkHttp are on its
     * class path.
     */
    static List<String> run(Path jdk, Path dir, String app, boolean libraries, String yaml, String... args)
            throws Exception {
        AgentJvm.Result r = AgentJvm.runConfigured(jdk, dir, yaml, libraries, app, args);
        assertTrue(r.outLines().contains("done"), r::toString);
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), () -> "the query string leaked:\n" + r);
        assertFalse(r.err().contains("WARN"), r::toString);
        return r.outLines();
    }

    static void assertLine(List<String> out, String line) {
        assertTrue(out.contains(line), () -> "no line '" + line + "' in\n" + String.join("\n", out));
    }

    /**
     * What every client's rate-limiter scenario shows under {@link #TWO_PERMITS}: two requests answered,
     * the third refused with the client's rejection naming the server, and only two reaching the server.
     */
    static void assertThirdRequestRateLimited(List<String> out) {
        assertLine(out, "1: status 200");
        assertLine(out, "2: status 200");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("3: rejected RateLimitExceededException server=127.0.0.1:")
                && l.contains("message=Bulwark rejected GET 127.0.0.1:")), () -> String.join("\n", out));
        assertLine(out, "requests: 2");
    }
}
