package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file under {@code config/malformed} is a bad bulwark.yaml. Each must give a clear error (its
 * first message is pinned in {@code config/expected-errors.txt}), never a stack trace, and never
 * pass: in strict mode, the default, a file with errors stops the JVM before main runs.
 */
class MalformedConfigCorpusTest {

    /** Problems with the whole file rather than with one of its lines. */
    private static final Set<String> WHOLE_FILE = Set.of("alias-bomb.yaml", "binary-garbage.bin", "comment-only.yaml",
            "empty.yaml", "latin1-bytes.yaml", "nul-bytes.yaml", "whitespace-only.yaml");

    /** Words that only a stack trace or an exception's own message would show a user. */
    private static final List<String> TRACE_TEXT = List.of("Exception", "at dev.", "at org.", "\tat ", "dev.bulwark",
            "org.snakeyaml", "snakeyaml", "java.lang.", "Caused by", "InvalidRule", "YamlEngine", "Unknown:");

    /** Exception class names a user writes in record-exceptions: and retry-on:, and the examples that say so. */
    private static final Pattern USER_CLASS_NAMES = Pattern.compile("java\\.(io|net)\\.\\w+");

    private static final Pattern NULL_WORD = Pattern.compile("\\bnull\\b");

    private static Path corpusDirectory() throws URISyntaxException {
        return Path.of(MalformedConfigCorpusTest.class.getResource("/config/malformed").toURI());
    }

    private static List<Path> corpus() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(corpusDirectory())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, String> expected() throws IOException, URISyntaxException {
        Path file = Path.of(MalformedConfigCorpusTest.class.getResource("/config/expected-errors.txt").toURI());
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            assertTrue(tab > 0, "expected-errors.txt: no tab in '" + line + "'");
            assertEquals(null, expected.put(line.substring(0, tab), line.substring(tab + 1)),
                    "expected-errors.txt names " + line.substring(0, tab) + " twice");
        }
        return expected;
    }

    private static Loader.Result load(Path file) {
        return assertDoesNotThrow(() -> Loader.load(file, null, null, Map.of(), new Properties()),
                () -> "Loader.load threw on " + file.getFileName());
    }

    @Test
    void theCorpusHoldsAtLeastFiftyFiles() throws Exception {
        List<Path> files = corpus();
        assertTrue(files.size() >= 50, "only " + files.size() + " corpus files");
    }

    @Test
    void everyCorpusFileHasItsExpectedMessageAndEveryExpectationItsFile() throws Exception {
        Set<String> names = new TreeSet<>();
        corpus().forEach(f -> names.add(f.getFileName().toString()));
        assertEquals(names, new TreeSet<>(expected().keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyFileGivesItsClearErrorAndNoStackTrace() throws Exception {
        Map<String, String> expected = expected();
        return corpus().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            Loader.Result result = load(file);
            assertFalse(result.errors().isEmpty(), name + " gave no error");
            assertNotNull(result.rules(), name + " gave no rules");
            for (ConfigError error : result.errors()) {
                assertReadable(file, error);
            }
            ConfigError first = result.errors().get(0);
            String substring = expected.get(name);
            assertNotNull(substring, name + " is missing from expected-errors.txt");
            assertTrue(first.message().contains(substring), name + ": expected '" + substring + "' in: " + first);
            if (WHOLE_FILE.contains(name)) {
                assertEquals(0, first.origin().line(), name + ": " + first);
                assertTrue(first.toString().startsWith(file + ": "), first.toString());
            } else {
                assertTrue(first.origin().line() > 0, name + " has no line: " + first);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> strictModeNeverStartsWithABadFile() throws Exception {
        return corpus().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            Properties properties = new Properties();
            properties.setProperty("bulwark.config", file.toString());
            AgentSettings settings = AgentSettings.resolve(null, properties, Map.of());
            assertTrue(settings.strict(), "strict is the default");
            assertEquals(file, settings.config());
            Loader.Result result = assertDoesNotThrow(() -> Loader.load(settings.config(), settings.environment(),
                    settings.environmentOrigin(), Map.of(), properties));
            // AgentInstaller stops the JVM (exit 78) exactly when strict and errors are present.
            assertFalse(result.ok(), file.getFileName() + " would start the application");
        }));
    }

    @Test
    void aFileOverOneMebibyteIsRefusedUnread(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.yaml");
        StringBuilder b = new StringBuilder("circuit-breakers:\n");
        for (int i = 0; b.length() <= (1 << 20) + 4096; i++) {
            b.append("  breaker-").append(i).append(":\n    sliding-window-size: 10\n");
        }
        Files.writeString(huge, b);
        long size = Files.size(huge);
        assertTrue(size > 1 << 20);
        Loader.Result result = load(huge);
        assertEquals(List.of(huge + ": the configuration file is " + size
                + " bytes; a configuration file may have at most 1048576 bytes"), strings(result));
        assertFalse(result.ok());
    }

    @Test
    void aMissingFileIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("bulwark.yaml");
        assertEquals(List.of(missing + ": the configuration file does not exist"), strings(load(missing)));
    }

    @Test
    void aDirectoryIsAnError(@TempDir Path dir) {
        assertEquals(List.of(dir + ": the configuration file is a directory, not a configuration file"),
                strings(load(dir)));
    }

    @Test
    void aBadLineDoesNotHideTheGoodOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 0\n    wait-duration: 1s\n"
                + "  orders:\n    max-attempts: 4\n");
        Loader.Result result = load(file);
        assertEquals(List.of(file + ":3: retries.payments.max-attempts = 0 is not allowed; allowed: an integer of at "
                + "least 1"), strings(result));
        // strict=false runs without the bad setting; the rest of the file stands.
        assertEquals(Map.of("waitDuration", 1_000_000_000L), result.rules().instanceValues(PolicyType.RETRY,
                "payments"));
        assertEquals(Map.of("maxAttempts", 4), result.rules().instanceValues(PolicyType.RETRY, "orders"));
    }

    private static void assertReadable(Path file, ConfigError error) {
        String line = error.toString();
        assertNotNull(error.origin(), "no origin: " + line);
        assertEquals(file.toString(), error.origin().source(), line);
        String prefix = error.origin().line() > 0 ? file + ":" + error.origin().line() + ": " : file + ": ";
        assertTrue(line.startsWith(prefix), "'" + line + "' does not start with '" + prefix + "'");
        assertFalse(line.contains("\n") || line.contains("\r"), "more than one line: " + line);
        String message = USER_CLASS_NAMES.matcher(error.message()).replaceAll("");
        for (String trace : TRACE_TEXT) {
            assertFalse(message.contains(trace), "'" + trace + "' in: " + line);
        }
        assertFalse(NULL_WORD.matcher(message).find(), "'null' in: " + line);
        assertFalse(message.isBlank(), "empty message: " + line);
    }

    static List<String> strings(Loader.Result result) {
        return result.errors().stream().map(ConfigError::toString).toList();
    }
}
