package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** bulwark.yaml with the real agent jar: overlays, overrides, rules by name, reloads, strictness, attach. */
class ConfigIT {
    private static final String APP = "dev.bulwark.it.app.ConfiguredApp";
    private static final String BASE = """
            circuit-breakers:
              configured:
                sliding-window-size: 10
                minimum-number-of-calls: 100
            environments:
              production:
                circuit-breakers:
                  configured: {minimum-number-of-calls: 4}
            """;

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static AgentJvm.Result run(Path jdk, List<String> options, String agentArgs, String scenario)
            throws Exception {
        return AgentJvm.start(jdk, true, agentArgs, options, APP, scenario).waitFor();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutOverlayTheFileKeepsTheBreakerClosed(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, List.of(), "config=" + write(BASE), "fail-four-then-call");
        assertTrue(r.outLines().contains("fifth call ran"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anEnvironmentOverlayChangesBehaviour(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, List.of("-Dbulwark.environment=production"), "config=" + write(BASE),
                "fail-four-then-call");
        assertTrue(r.outLines().contains("fifth call rejected by CircuitBreakerOpenException"), r::toString);
        assertTrue(r.err().contains("(environment production)"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aSystemPropertyOverridesTheFile(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, List.of("-Dbulwark.circuit-breakers.configured.minimum-number-of-calls=4"),
                "config=" + write(BASE), "fail-four-then-call");
        assertTrue(r.outLines().contains("fifth call rejected by CircuitBreakerOpenException"), r::toString);
    }

    /** The variable names a host pattern of the file holding dots; in strict mode it once stopped the JVM. */
    @ParameterizedTest
    @MethodSource("jdks")
    void anEnvironmentVariableOverridesTheRetryOfAnHttpHostOfTheFile(Path jdk) throws Exception {
        String yaml = "http:\n  hosts:\n    \"127.0.0.1\":\n      retry: {max-attempts: 3, wait-duration: 10ms}\n";
        String variable = "BULWARK_HTTP_HOSTS_127_0_0_1_RETRY_MAX_ATTEMPTS";
        Map<String, String> environment = Map.of(variable, "2");
        // The script answers 503, 502, then 200: three attempts would end with 200.
        AgentJvm.Result r = AgentJvm.runConfigured(jdk, dir, yaml, environment, "dev.bulwark.it.app.http.JdkHttpApp",
                "retry");
        assertTrue(r.outLines().contains("GET flaky: status 502 after 2 requests"), r::toString);
        AgentJvm.Result validate = AgentJvm.cli(jdk, environment, "validate", dir.resolve("bulwark.yaml").toString());
        assertEquals(0, validate.exitCode(), validate::toString);
        assertTrue(validate.outLines().contains("http.hosts.\"127.0.0.1\".retry.max-attempts: 2   # environment variable "
                + variable), validate::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aMethodNamedInTheFileIsGuardedWithoutAnyAnnotation(Path jdk) throws Exception {
        Path file = write("""
                methods:
                  "dev.bulwark.it.app.PlainService#call":
                    retry: {max-attempts: 3, wait-duration: 0}
                """);
        AgentJvm.Result r = run(jdk, List.of(), "config=" + file, "plain");
        assertTrue(r.outLines().contains("plain invocations=6"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aReloadTightensABreakerWhileTheJvmRunsAndKeepsItsWindow(Path jdk) throws Exception {
        Path file = write(BASE);
        AgentJvm.Running jvm = AgentJvm.start(jdk, true, "config=" + file + ",reload-interval=100ms", List.of(),
                APP, "reload");
        jvm.awaitLine("ready");
        Files.writeString(file, BASE.replace("minimum-number-of-calls: 100", "minimum-number-of-calls: 6"));
        AgentJvm.Result r = jvm.waitFor();
        assertTrue(r.outLines().contains("before reload: fifth call ran"), r::toString);
        assertTrue(r.outLines().contains("after reload: sixth call failed"), r::toString);
        assertTrue(r.outLines().contains("after reload: seventh call rejected by CircuitBreakerOpenException"),
                r::toString);
        assertTrue(r.err().contains("configuration reloaded from " + file), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBrokenReloadIsRejectedAndTheOldRulesKeepWorking(Path jdk) throws Exception {
        Path file = write(BASE.replace("minimum-number-of-calls: 100", "minimum-number-of-calls: 4"));
        AgentJvm.Running jvm = AgentJvm.start(jdk, true, "config=" + file + ",reload-interval=100ms", List.of(),
                APP, "broken-reload");
        jvm.awaitLine("ready");
        Files.writeString(file, BASE.replace("minimum-number-of-calls: 100", "minimum-number-of-calls: lots"));
        AgentJvm.Result r = jvm.waitFor();
        assertTrue(r.out().contains("rejected-reload [" + file + ":4: circuit-breakers.configured."
                + "minimum-number-of-calls: 'lots' is not allowed; allowed: a whole number]"), r::toString);
        assertTrue(r.outLines().contains("after broken reload: fifth call rejected by CircuitBreakerOpenException"),
                r::toString);
        assertTrue(r.err().contains("rejected; the previous rules stay in force"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBadFileStopsTheJvmBeforeMainWithTheErrorAndNoStackTrace(Path jdk) throws Exception {
        Path file = write("""
                circuit-breakers:
                  configured:
                    failure-rate-threshold: 150
                    wait-duration-in-open-stat: 1m
                """);
        AgentJvm.Result r = run(jdk, List.of(), "config=" + file, "fail-four-then-call");
        assertEquals(78, r.exitCode(), r::toString);
        assertFalse(r.out().contains("attached="), () -> "main must not run:\n" + r);
        assertTrue(r.err().contains("[bulwark] ERROR " + file + ":3: circuit-breakers.configured.failure-rate-threshold"
                + " = 150 is not allowed; allowed: a percentage above 0 and at most 100"), r::toString);
        assertTrue(r.err().contains(file + ":4: unknown key 'wait-duration-in-open-stat' under "
                + "circuit-breakers.configured. Did you mean 'wait-duration-in-open-state'?"), r::toString);
        assertTrue(r.err().contains("2 configuration errors in " + file), r::toString);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace:\n" + r);
        assertFalse(r.err().contains("Exception"), () -> "no exception names:\n" + r);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void nonStrictModeRunsWithoutTheBadRule(Path jdk) throws Exception {
        Path file = write("""
                circuit-breakers:
                  configured:
                    sliding-window-size: 4
                    minimum-number-of-calls: -4
                """);
        AgentJvm.Result r = run(jdk, List.of("-Dbulwark.config.strict=false"), "config=" + file, "fail-four-then-call");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains(file + ":4: circuit-breakers.configured.minimum-number-of-calls = -4 is not allowed"),
                r::toString);
        assertTrue(r.err().contains("running without the bad rules"), r::toString);
        // The good line stays: a window of 4, whose minimum then defaults to the window size.
        assertTrue(r.outLines().contains("fifth call rejected by CircuitBreakerOpenException"), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void validateChecksAFileAndPrintsTheResolvedConfiguration(Path jdk) throws Exception {
        Path file = write(BASE);
        AgentJvm.Result ok = AgentJvm.cli(jdk, "validate", file.toString(), "--environment", "production");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("minimum-number-of-calls: 4   # " + file + ":8"), ok::toString);
        AgentJvm.Result bad = AgentJvm.cli(jdk, "validate", file.toString(), "--environment", "prod");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("unknown environment 'prod'; the file defines: production. "
                + "Did you mean 'production'?"), bad::toString);
        assertEquals(2, AgentJvm.cli(jdk, "validate").exitCode());
        assertFalse(ok.err().contains("Sharing is only supported"), ok::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachToARunningJvmGuardsItsAlreadyLoadedAnnotatedClasses(Path jdk) throws Exception {
        AgentJvm.Running app = AgentJvm.start(jdk, false, null, List.of(), "dev.bulwark.it.app.AttachApp");
        String pid = app.awaitLine("pid=").substring("pid=".length());
        AgentJvm.Result attach = AgentJvm.cli(jdk, "attach", pid);
        assertEquals(0, attach.exitCode(), attach::toString);
        AgentJvm.Result r = app.waitFor();
        assertTrue(r.out().contains("rejected by dev.bulwark.annotations.CircuitBreakerOpenException"), r::toString);
        assertTrue(r.err().contains("[bulwark] INFO Bulwark"), r::toString);
    }
}
