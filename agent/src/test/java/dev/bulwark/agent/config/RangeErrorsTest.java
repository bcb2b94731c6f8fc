package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One value out of range for each attribute of CircuitBreakerRules, RetryRules and BulkheadRules that
 * has a range: the message names the file and line, the key, the value as written and what is allowed.
 */
class RangeErrorsTest {
    @TempDir
    Path dir;

    private List<String> load(String yaml) throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return MalformedConfigCorpusTest.strings(Loader.load(file, null, null, Map.of(), new Properties()));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            circuit-breakers | sliding-window-size                          | 0       | an integer from 1 to 1000000
            circuit-breakers | sliding-window-size                          | 1000001 | an integer from 1 to 1000000
            circuit-breakers | minimum-number-of-calls                      | 0       | an integer of at least 1
            circuit-breakers | failure-rate-threshold                       | 0       | a percentage above 0 and at most 100
            circuit-breakers | failure-rate-threshold                       | 100.5   | a percentage above 0 and at most 100
            circuit-breakers | slow-call-rate-threshold                     | 150     | a percentage above 0 and at most 100
            circuit-breakers | slow-call-duration-threshold                 | 0       | a duration above 0
            circuit-breakers | wait-duration-in-open-state                  | -1s     | a duration above 0
            circuit-breakers | permitted-number-of-calls-in-half-open-state | 0       | an integer from 1 to 1000000
            circuit-breakers | permitted-number-of-calls-in-half-open-state | 1000001 | an integer from 1 to 1000000
            retries          | max-attempts                                 | 0       | an integer of at least 1
            retries          | wait-duration                                | -5ms    | a duration of 0 or more
            retries          | backoff-multiplier                           | 0.5     | a finite number of at least 1 (1 = the same wait every time)
            retries          | max-wait-duration                            | -2s     | a duration of 0 (no bound) or more
            retries          | jitter-factor                                | 1.5     | a number from 0 (no jitter) to 1
            retries          | jitter-factor                                | -0.1    | a number from 0 (no jitter) to 1
            retries          | max-duration                                 | -1m     | a duration of 0 (no bound) or more
            bulkheads        | max-concurrent-calls                         | 0       | an integer of at least 1
            bulkheads        | max-wait-duration                            | -10ms   | a duration of 0 (reject at once) or more
            """)
    void aValueOutOfRangeIsNamedWithItsLineKeyValueAndWhatIsAllowed(String section, String key, String value,
            String allowed) throws IOException {
        assertEquals(List.of(dir.resolve("bulwark.yaml") + ":3: " + section + ".payments." + key + " = " + value
                + " is not allowed; allowed: " + allowed), load(section + ":\n  payments:\n    " + key + ": " + value
                        + "\n"));
    }

    @Test
    void aDefaultOutOfRangeIsReportedOnceNotForEveryPolicyThatInheritsIt() throws IOException {
        assertEquals(List.of(dir.resolve("bulwark.yaml") + ":3: defaults.retry.max-attempts = 0 is not allowed; "
                + "allowed: an integer of at least 1"), load("defaults:\n  retry:\n    max-attempts: 0\nretries:\n"
                        + "  payments:\n    wait-duration: 1s\n  orders:\n    wait-duration: 2s\n"));
    }

    @Test
    void aMethodsOwnValueOutOfRangeIsNamedUnderItsPattern() throws IOException {
        assertEquals(List.of(dir.resolve("bulwark.yaml") + ":4: methods.\"com.acme.Orders#place\".retry.jitter-factor"
                + " = 2 is not allowed; allowed: a number from 0 (no jitter) to 1"), load("methods:\n"
                        + "  \"com.acme.Orders#place\":\n    retry:\n      jitter-factor: 2\n"));
    }

    @Test
    void everyValueOutOfRangeInOneEntryIsReported() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        assertEquals(List.of(file + ":3: bulkheads.payments.max-concurrent-calls = 0 is not allowed; allowed: an integer"
                + " of at least 1", file + ":4: bulkheads.payments.max-wait-duration = -1ms is not allowed; allowed: a "
                + "duration of 0 (reject at once) or more"), load("bulkheads:\n  payments:\n    max-concurrent-calls: 0\n"
                        + "    max-wait-duration: -1ms\n"));
    }
}
