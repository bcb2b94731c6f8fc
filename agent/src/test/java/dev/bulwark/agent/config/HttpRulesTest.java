package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.http.ServerRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http: section, read and checked like the rest of the file. */
class HttpRulesTest {
    @TempDir
    Path dir;

    private Loader.Result load(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return Loader.load(file, null, null, Map.of(), new Properties());
    }

    private List<String> errors(String yaml) throws Exception {
        return load(yaml).errors().stream().map(e -> e.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void everyHttpKeyIsRead() throws Exception {
        Loader.Result r = load("""
                http:
                  enabled: true
                  failure-status-codes: [429, 502-504]
                  retry-methods: [get, head]
                  defaults:
                    retry: {max-attempts: 5}
                    timeout: {duration: 2s}
                  hosts:
                    "*.example.com":
                      circuit-breaker: {failure-rate-threshold: 25}
                      rate-limiter: {limit-for-period: 10}
                    "api.example.com:8443":
                      bulkhead: {max-concurrent-calls: 4}
                      retry-methods: [GET, POST]
                      failure-status-codes: [500-599]
                """);
        assertEquals(List.of(), r.errors());
        HttpRules http = r.rules().http();
        assertTrue(http.enabled());
        assertEquals(5, http.defaults().get(PolicyType.RETRY).get("maxAttempts").value());
        assertEquals(2, http.rulesFor("api.example.com:8443").size());
        assertEquals(1, http.rulesFor("www.example.com:443").size());
        assertTrue(http.rulesFor("example.org:443").isEmpty());
        assertEquals("*.example.com", http.rulesFor("api.example.com:8443").get(0).pattern(), "least specific first");
    }

    @Test
    void statusesAndMethodsComeFromTheMostSpecificRuleThatSetsThem() throws Exception {
        HttpRules http = load("""
                http:
                  failure-status-codes: [429, 502-504]
                  retry-methods: [get, head]
                  hosts:
                    "api.example.com:8443":
                      retry-methods: [GET, POST]
                """).rules().http();
        ServerRules api = http.serverRules("api.example.com:8443");
        assertEquals(Set.of("GET", "POST"), api.retryMethods());
        assertTrue(api.isFailure(503));
        assertFalse(api.isFailure(500));
        ServerRules other = http.serverRules("other:80");
        assertEquals(Set.of("GET", "HEAD"), other.retryMethods());
    }

    @Test
    void withoutAnHttpSectionFiveHundredsAnd429FailAndOnlyIdempotentMethodsRetry() {
        ServerRules rules = Rules.empty().http().serverRules("any:80");
        assertTrue(rules.isFailure(500) && rules.isFailure(599) && rules.isFailure(429));
        assertFalse(rules.isFailure(404) || rules.isFailure(200) || rules.isFailure(499));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE"), rules.retryMethods());
        assertTrue(Rules.empty().http().enabled());
    }

    @Test
    void aHostPatternWithoutAPortMatchesEveryPort() {
        assertTrue(HostRule.compile("api.example.com").matcher("api.example.com:443").matches());
        assertFalse(HostRule.compile("api.example.com").matcher("api.example.com.evil:443").matches());
        assertTrue(HostRule.compile("127.0.0.1:*").matcher("127.0.0.1:8080").matches());
        assertFalse(HostRule.compile("127.0.0.1:80").matcher("127.0.0.1:8080").matches());
        assertTrue(HostRule.compile("API.Example.com").matcher("api.example.com:80").matches());
    }

    @Test
    void httpCanBeTurnedOff() throws Exception {
        assertFalse(load("http: {enabled: false}\n").rules().http().enabled());
    }

    @Test
    void badHttpValuesNameTheKeyAndWhatIsAllowed() throws Exception {
        assertEquals(List.of("bulwark.yaml:2: http.failure-status-codes: '700' is not a status code or range; allowed: "
                + "a list of HTTP status codes (100 to 599) or ranges of them, such as [429, 500-599]"),
                errors("http:\n  failure-status-codes: [500, 700]\n"));
        assertEquals(List.of("bulwark.yaml:2: http.retry-methods: 'GET HEAD' is not an HTTP method; allowed: a list of "
                + "HTTP methods, such as [GET, HEAD, OPTIONS, PUT, DELETE] (the default) or [GET, POST]"),
                errors("http:\n  retry-methods: [GET HEAD]\n"));
    }

    @Test
    void anUnknownPolicyOfAHostSuggestsTheClosest() throws Exception {
        List<String> e = errors("http:\n  hosts:\n    api.example.com:\n      circuit-braker: {}\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).contains("unknown key 'circuit-braker' under http.hosts.\"api.example.com\". Did you mean "
                + "'circuit-breaker'? Allowed: circuit-breaker, retry, bulkhead, rate-limiter, timeout, "
                + "failure-status-codes, retry-methods"), e::toString);
    }

    @Test
    void aUrlIsNotAHostPattern() throws Exception {
        List<String> e = errors("http:\n  hosts:\n    \"https://user:pw@api.example.com/x\":\n      retry: {}\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).contains("is not a host pattern; allowed: host or host:port"), e::toString);
    }

    @Test
    void anOutOfRangeHostValueIsReportedAtItsLine() throws Exception {
        assertEquals(List.of("bulwark.yaml:4: http.hosts.\"api.example.com\".retry.max-attempts = 0 is not allowed; "
                + "allowed: an integer of at least 1"),
                errors("http:\n  hosts:\n    api.example.com:\n      retry: {max-attempts: 0}\n"));
    }

    @Test
    void aSystemPropertyNamesAHostPatternWithDots() {
        assertEquals(List.of("http", "hosts", "api.example.com:443", "retry", "max-attempts"),
                Overrides.splitProperty("http.hosts.api.example.com:443.retry.max-attempts"));
        assertEquals(List.of("http", "hosts", "*.example.com", "retry-methods"),
                Overrides.splitProperty("http.hosts.*.example.com.retry-methods"));
        assertEquals(List.of("http", "defaults", "timeout", "duration"),
                Overrides.splitProperty("http.defaults.timeout.duration"));
    }

    @Test
    void aSystemPropertyOverridesAHostRuleOfTheFile() throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "http:\n  hosts:\n    api.example.com:\n      retry: {max-attempts: 2}\n");
        Properties p = new Properties();
        p.setProperty("bulwark.http.hosts.api.example.com.retry.max-attempts", "5");
        Loader.Result r = Loader.load(file, null, null, Map.of(), p);
        assertEquals(List.of(), r.errors());
        assertEquals(5, r.rules().http().rulesFor("api.example.com:443").get(0).settings().get(PolicyType.RETRY)
                .get("maxAttempts").value());
    }
}
