package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.policy.TimeoutRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeout's deadline as configuration writes it. */
class TimeoutDeadlineTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aTimeoutHasNoDeadlineUnlessOneIsSet() {
        assertEquals(new TimeoutRules(SECOND, 0), PolicyType.TIMEOUT.build(Map.of()));
    }

    @Test
    void aDeadlineAloneGivesEachAttemptWhatIsLeftOfIt() {
        assertEquals(new TimeoutRules(2 * SECOND, 2 * SECOND), PolicyType.TIMEOUT.build(Map.of("deadline", 2 * SECOND)));
    }

    @Test
    void aDurationAndADeadlineAreReadFromTheFileAndFromVariables() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "timeouts:\n  quote: {duration: 1s, deadline: 2500ms}\n");
        Loader.Result result = Loader.load(file, null, null, Map.of("BULWARK_HTTP_DEFAULTS_TIMEOUT_DEADLINE", "5s"),
                new Properties());
        assertEquals(List.of(), result.errors());
        assertEquals(Map.of("value", SECOND, "deadline", 2_500_000_000L),
                result.rules().instanceValues(PolicyType.TIMEOUT, "quote"));
        assertEquals(5 * SECOND, result.rules().http().defaults().get(PolicyType.TIMEOUT).get("deadline").value());
    }

    @Test
    void aNegativeDeadlineIsNamedWithWhatIsAllowed() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "timeouts:\n  quote: {deadline: -1s}\n");
        List<String> errors = MalformedConfigCorpusTest.strings(Loader.load(file, null, null, Map.of(),
                new Properties()));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("deadline"), errors::toString);
    }
}
