package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

/** What the HTTP client tests share: running a client application under a bulwark.yaml, and reading its lines. */
final class HttpRuns {
    /** Put in the query string of the applications' requests: it must never be printed. */
    static final String SECRET = "s3cr3t-token";

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
}
