package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked snapshot: which method rules apply to a method, in which order, and how it reads back. */
class RulesTest {
    @TempDir
    Path dir;

    private Rules load(String yaml) throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        Loader.Result result = Loader.load(file, null, null, Map.of(), new Properties());
        assertEquals(List.of(), result.errors());
        return result.rules();
    }

    private static List<String> patterns(List<MethodRule> rules) {
        return rules.stream().map(r -> r.pattern().text()).toList();
    }

    @Test
    void theRulesForAMethodComeLeastSpecificFirst() throws IOException {
        Rules rules = load("""
                methods:
                  "com.acme.Orders#getTotal":
                    bulkhead: {}
                  "com.acme.**":
                    bulkhead: {}
                  "com.acme.*#getTotal":
                    bulkhead: {}
                  "com.acme.Orders#get*":
                    bulkhead: {}
                  "com.acme.Orders":
                    bulkhead: {}
                  "com.acme.Invoices#getTotal":
                    bulkhead: {}
                """);
        assertEquals(List.of("com.acme.**", "com.acme.Orders", "com.acme.Orders#get*", "com.acme.*#getTotal",
                "com.acme.Orders#getTotal"), patterns(rules.rulesFor("com.acme.Orders", "getTotal", true)));
    }

    @Test
    void aPrivateMethodIsGuardedOnlyByRulesThatNameIt() throws IOException {
        Rules rules = load("""
                methods:
                  "com.acme.**":
                    bulkhead: {}
                  "com.acme.Orders":
                    bulkhead: {}
                  "com.acme.Orders#get*":
                    bulkhead: {}
                """);
        assertEquals(List.of("com.acme.Orders#get*"), patterns(rules.rulesFor("com.acme.Orders", "getTotal", false)));
        assertEquals(List.of(), rules.rulesFor("com.acme.Orders", "compute", false));
    }

    @Test
    void rulesOfEqualSpecificityKeepTheFilesOrder() throws IOException {
        Rules rules = load("""
                methods:
                  "com.acme.Orders#*":
                    bulkhead: {}
                  "com.acme.Orders":
                    retry: {}
                """);
        assertEquals(List.of("com.acme.Orders#*", "com.acme.Orders"),
                patterns(rules.rulesFor("com.acme.Orders", "place", true)));
    }

    @Test
    void aClassIsOfInterestWhenAnyRuleMatchesIt() throws IOException {
        Rules rules = load("methods:\n  \"com.acme.billing.*#send\":\n    retry: {}\n");
        assertTrue(rules.matchesClass("com.acme.billing.Mailer"));
        assertFalse(rules.matchesClass("com.acme.Orders"));
        assertFalse(Rules.empty().matchesClass("com.acme.Orders"));
        assertEquals(List.of(), Rules.empty().rulesFor("com.acme.Orders", "place", true));
    }

    @Test
    void aNameMayBeDefinedUnderSeveralPolicyTypes() throws IOException {
        Rules rules = load("circuit-breakers:\n  payments: {}\nretries:\n  payments: {}\nbulkheads:\n  reports: {}\n");
        assertEquals(EnumSet.of(PolicyType.CIRCUIT_BREAKER, PolicyType.RETRY), rules.typesNaming("payments"));
        assertEquals(EnumSet.noneOf(PolicyType.class), rules.typesNaming("orders"));
    }

    @Test
    void describeReadsBackEveryValueWithWhereItCameFrom() throws IOException {
        Rules rules = load("""
                defaults:
                  circuit-breaker:
                    failure-rate-threshold: 40
                circuit-breakers:
                  payments:
                    sliding-window-size: 20
                    record-exceptions: [java.io.IOException, java.net.SocketTimeoutException]
                bulkheads:
                  reports: {}
                methods:
                  "com.acme.Orders#place":
                    circuit-breaker: payments
                    retry:
                      max-attempts: 5
                  "com.acme.Orders":
                    bulkhead: {}
                http:
                  enabled: false
                """);
        assertEquals("""
                source: %1$s
                environment: (none)
                defaults.circuit-breaker:
                  failure-rate-threshold: 40   # %1$s:3
                circuit-breakers:
                  payments:
                    sliding-window-size: 20   # %1$s:6
                    record-exceptions: [java.io.IOException, java.net.SocketTimeoutException]   # %1$s:7
                bulkheads:
                  reports: (defaults)
                methods:
                  com.acme.Orders#place:
                    circuit-breaker: payments
                    retry:
                      max-attempts: 5   # %1$s:14
                  com.acme.Orders:
                    bulkhead: (defaults)
                http.enabled: false   # %1$s:18
                """.formatted(dir.resolve("bulwark.yaml")), rules.describe());
    }

    @Test
    void describeOfNothingSaysSo() {
        assertEquals("source: (no file)\nenvironment: (none)\n", Rules.empty().describe());
    }
}
