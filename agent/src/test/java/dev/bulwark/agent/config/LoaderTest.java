package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.SlidingWindowType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading one file, layering its environment overlay, variables and properties over it, and what is refused. */
class LoaderTest {
    private static final Origin BY_PROPERTY = Origin.systemProperty("bulwark.environment");

    @TempDir
    Path dir;
    Path file;

    private Path write(String yaml) throws IOException {
        file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    private Loader.Result load(String environment, Map<String, String> env, Properties properties) {
        return Loader.load(file, environment, environment == null ? null : BY_PROPERTY, env, properties);
    }

    private Loader.Result load() {
        return load(null, Map.of(), new Properties());
    }

    private static List<String> errors(Loader.Result result) {
        return MalformedConfigCorpusTest.strings(result);
    }

    @Test
    void readsEverySectionOfAValidFile() throws IOException {
        write("""
                defaults:
                  retry:
                    max-attempts: 4
                circuit-breakers:
                  payments:
                    sliding-window-type: TIME
                    sliding-window-size: 30
                    failure-rate-threshold: 25.5
                    record-exceptions: [java.io.IOException, java.net.SocketTimeoutException]
                retries:
                  payments:
                    wait-duration: 250ms
                    retry-on: java.io.IOException
                bulkheads:
                  reports: {}
                methods:
                  "com.acme.Orders#place":
                    retry: payments
                    bulkhead:
                      max-concurrent-calls: 3
                jdbc:
                  enabled: false
                """);
        Loader.Result result = load();
        assertEquals(List.of(), errors(result));
        Rules rules = result.rules();
        assertEquals(file.toString(), rules.source());
        assertEquals(Map.of("maxAttempts", 4), rules.defaultValues(PolicyType.RETRY));
        assertEquals(Map.of("slidingWindowType", SlidingWindowType.TIME, "slidingWindowSize", 30,
                "failureRateThreshold", 25.5, "recordExceptions",
                List.of("java.io.IOException", "java.net.SocketTimeoutException")),
                rules.instanceValues(PolicyType.CIRCUIT_BREAKER, "payments"));
        assertEquals(Map.of("waitDuration", 250_000_000L, "retryOn", List.of("java.io.IOException")),
                rules.instanceValues(PolicyType.RETRY, "payments"));
        assertTrue(rules.hasInstance(PolicyType.BULKHEAD, "reports"));
        assertEquals(Map.of(), rules.instanceValues(PolicyType.BULKHEAD, "reports"));
        MethodRule rule = rules.methodRules().get(0);
        assertEquals("com.acme.Orders#place", rule.pattern().text());
        assertEquals(Map.of(PolicyType.RETRY, "payments"), rule.references());
        assertEquals(3, rule.settings().get(PolicyType.BULKHEAD).get("maxConcurrentCalls").value());
        assertFalse(rules.targetEnabled("jdbc"));
        assertTrue(rules.targetEnabled("http"));
    }

    @Test
    void aMethodMayNameAPolicyWithDefaultSettings() throws IOException {
        write("methods:\n  \"com.acme.Orders#place\":\n    circuit-breaker: {}\n    retry:\n");
        Loader.Result result = load();
        assertEquals(List.of(), errors(result));
        MethodRule rule = result.rules().methodRules().get(0);
        assertTrue(rule.guards(PolicyType.CIRCUIT_BREAKER));
        assertTrue(rule.guards(PolicyType.RETRY));
        assertFalse(rule.guards(PolicyType.BULKHEAD));
    }

    @Test
    void noFileAndNoOverridesGiveEmptyRules() {
        Loader.Result result = Loader.load(null, null, null, Map.of(), new Properties());
        assertTrue(result.ok());
        assertEquals(null, result.rules().source());
        assertEquals(List.of(), result.rules().methodRules());
    }

    @Test
    void anUndefinedMethodReferenceIsNamedWithASuggestionAndWhatIsDefined() throws IOException {
        write("""
                retries:
                  payments:
                    max-attempts: 3
                  orders: {}
                methods:
                  "com.acme.Orders#place":
                    retry: paymnts
                """);
        assertEquals(List.of(file + ":7: methods.\"com.acme.Orders#place\".retry names retry 'paymnts', which is not "
                + "defined under retries. Did you mean 'payments'? Defined: payments, orders"), errors(load()));
    }

    @Test
    void anUndefinedMethodReferenceWithNothingDefinedSaysSo() throws IOException {
        write("methods:\n  \"com.acme.Orders#place\":\n    circuit-breaker: payments\n");
        Loader.Result result = load();
        assertEquals(List.of(file + ":3: methods.\"com.acme.Orders#place\".circuit-breaker names circuit-breaker "
                + "'payments', which is not defined under circuit-breakers."), errors(result));
        assertFalse(result.rules().methodRules().get(0).guards(PolicyType.CIRCUIT_BREAKER),
                "the bad rule is left out");
    }

    @Test
    void anUnknownEnvironmentIsNamedWithASuggestion() throws IOException {
        write("retries:\n  payments: {}\nenvironments:\n  staging: {}\n  production:\n    retries:\n      payments:\n"
                + "        max-attempts: 5\n");
        assertEquals(List.of("system property bulwark.environment: unknown environment 'prod'; the file defines: "
                + "production, staging. Did you mean 'production'?"), errors(load("prod", Map.of(), new Properties())));
    }

    @Test
    void anUnknownEnvironmentFarFromAnyDefinedIsNamedWithoutASuggestion() throws IOException {
        write("retries:\n  payments: {}\nenvironments:\n  staging: {}\n");
        assertEquals(List.of("system property bulwark.environment: unknown environment 'qa-eu-west'; the file defines: "
                + "staging."), errors(load("qa-eu-west", Map.of(), new Properties())));
    }

    @Test
    void anEnvironmentIsUnknownWhenTheFileDefinesNone() throws IOException {
        write("retries:\n  payments: {}\n");
        assertEquals(List.of("system property bulwark.environment: unknown environment 'production'; the file defines "
                + "no environments:"), errors(load("production", Map.of(), new Properties())));
    }

    @Test
    void anEnvironmentIsUnknownWhenThereIsNoFile() {
        Loader.Result result = Loader.load(null, "production", Origin.environmentVariable("BULWARK_ENVIRONMENT"),
                Map.of(), new Properties());
        assertEquals(List.of("environment variable BULWARK_ENVIRONMENT: unknown environment 'production'; no "
                + "configuration file is given"), errors(result));
    }

    @Test
    void eachLayerOverridesTheOneBelowAndKeysNotOverriddenKeepTheirLowerValue() throws IOException {
        write("""
                retries:
                  payments:
                    max-attempts: 2
                    wait-duration: 100ms
                    backoff-multiplier: 1.5
                    jitter-factor: 0.1
                environments:
                  production:
                    retries:
                      payments:
                        wait-duration: 200ms
                        backoff-multiplier: 2
                        jitter-factor: 0.2
                """);
        Loader.Result result = load("production",
                Map.of("BULWARK_RETRIES_PAYMENTS_BACKOFF_MULTIPLIER", "3", "BULWARK_RETRIES_PAYMENTS_JITTER_FACTOR", "0.3"),
                properties("bulwark.retries.payments.jitter-factor", "0.4"));
        assertEquals(List.of(), errors(result));
        assertEquals(Map.of("maxAttempts", 2, "waitDuration", 200_000_000L, "backoffMultiplier", 3.0,
                "jitterFactor", 0.4), result.rules().instanceValues(PolicyType.RETRY, "payments"));
        assertEquals("""
                source: %1$s
                environment: production
                retries:
                  payments:
                    max-attempts: 2   # %1$s:3
                    wait-duration: 200ms   # %1$s:11
                    backoff-multiplier: 3   # environment variable BULWARK_RETRIES_PAYMENTS_BACKOFF_MULTIPLIER
                    jitter-factor: 0.4   # system property bulwark.retries.payments.jitter-factor
                """.formatted(file), result.rules().describe());
    }

    @Test
    void aSystemPropertyOverridesAnEnvironmentVariableForTheSameKey() throws IOException {
        write("retries:\n  payments:\n    max-attempts: 2\n");
        Loader.Result result = load(null, Map.of("BULWARK_RETRIES_PAYMENTS_MAX_ATTEMPTS", "3"),
                properties("bulwark.retries.payments.max-attempts", "4"));
        assertEquals(Map.of("maxAttempts", 4), result.rules().instanceValues(PolicyType.RETRY, "payments"));
    }

    @Test
    void anEnvironmentVariableOverridesTheFile() throws IOException {
        write("retries:\n  payments:\n    max-attempts: 2\n");
        Loader.Result result = load(null, Map.of("BULWARK_RETRIES_PAYMENTS_MAX_ATTEMPTS", "3"), new Properties());
        assertEquals(Map.of("maxAttempts", 3), result.rules().instanceValues(PolicyType.RETRY, "payments"));
    }

    @Test
    void anOverlayNotSelectedChangesNothing() throws IOException {
        write("retries:\n  payments:\n    max-attempts: 2\nenvironments:\n  production:\n    retries:\n      payments:\n"
                + "        max-attempts: 5\n");
        assertEquals(Map.of("maxAttempts", 2), load().rules().instanceValues(PolicyType.RETRY, "payments"));
        assertEquals(Map.of("maxAttempts", 5), load("production", Map.of(), new Properties()).rules()
                .instanceValues(PolicyType.RETRY, "payments"));
    }

    @Test
    void aBadValueInAnOverlayNotSelectedIsStillAnError() throws IOException {
        write("retries:\n  payments:\n    max-attempts: 2\nenvironments:\n  staging: {}\n  production:\n    retries:\n"
                + "      payments:\n        max-attempts: 0\n");
        assertEquals(List.of(file + ":9: retries.payments.max-attempts = 0 is not allowed; allowed: an integer of at "
                + "least 1"), errors(load("staging", Map.of(), new Properties())));
    }

    @Test
    void anOverlayNotSelectedMayNameThePoliciesOfTheBase() throws IOException {
        write("""
                retries:
                  payments:
                    max-attempts: 3
                environments:
                  production:
                    methods:
                      "com.acme.Orders#place":
                        retry: payments
                """);
        assertEquals(List.of(), errors(load()));
        assertEquals(List.of(), errors(load("production", Map.of(), new Properties())));
    }

    @Test
    void anErrorOfTheBaseIsReportedOnceWhateverTheOverlays() throws IOException {
        write("retries:\n  payments:\n    max-attempts: 0\nenvironments:\n  staging: {}\n  production:\n    retries:\n"
                + "      orders: {}\n");
        assertEquals(List.of(file + ":3: retries.payments.max-attempts = 0 is not allowed; allowed: an integer of at "
                + "least 1"), errors(load()));
    }

    @Test
    void environmentsMustNotNest() throws IOException {
        write("environments:\n  production:\n    environments:\n      eu: {}\n");
        assertEquals(List.of(file + ":4: environments cannot be nested inside environment 'production'"), errors(load()));
    }

    @Test
    void theFilesErrorsComeBeforeThoseOfPropertiesAndVariablesInLineOrder() throws IOException {
        file = dir.resolve("z-bulwark.yaml");
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: zero\n    wait-duration: soon\n");
        Loader.Result result = load(null, Map.of("BULWARK_RETRYS_X", "1"), properties("bulwark.bulkheads.x.max-concurrent-calls",
                "-1"));
        List<String> errors = errors(result);
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(file + ":3: "), errors.get(0));
        assertTrue(errors.get(1).startsWith(file + ":4: "), errors.get(1));
        assertTrue(errors.get(2).startsWith("environment variable BULWARK_RETRYS_X: "), errors.get(2));
        assertTrue(errors.get(3).startsWith("system property bulwark.bulkheads.x.max-concurrent-calls: "), errors.get(3));
    }

    @Test
    void aValueFromAPropertyIsCheckedLikeOneFromTheFile() throws IOException {
        write("retries:\n  payments: {}\n");
        assertEquals(List.of("system property bulwark.retries.payments.max-attempts: retries.payments.max-attempts: "
                + "'many' is not allowed; allowed: a whole number"),
                errors(load(null, Map.of(), properties("bulwark.retries.payments.max-attempts", "many"))));
        assertEquals(List.of("environment variable BULWARK_RETRIES_PAYMENTS_MAX_ATTEMPTS: retries.payments.max-attempts"
                + " = 0 is not allowed; allowed: an integer of at least 1"),
                errors(load(null, Map.of("BULWARK_RETRIES_PAYMENTS_MAX_ATTEMPTS", "0"), new Properties())));
    }

    @Test
    void aCrlfFileReadsLikeAnyOther() throws IOException {
        write("retries:\r\n  payments:\r\n    max-attempts: 5\r\n");
        Loader.Result result = load();
        assertEquals(List.of(), errors(result));
        assertEquals(Map.of("maxAttempts", 5), result.rules().instanceValues(PolicyType.RETRY, "payments"));
    }
}
