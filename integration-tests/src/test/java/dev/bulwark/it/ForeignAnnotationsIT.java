package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real agent jar on a plain Java application written against the real MicroProfile Fault
 * Tolerance API and Resilience4j annotation jars, with no CDI container and no Spring.
 */
class ForeignAnnotationsIT {
    private static final String APP = "dev.bulwark.it.app.foreign.ForeignApp";
    private static final String MP_SERVICE = "dev.bulwark.it.app.foreign.MicroProfileService";

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private static List<String> run(Path jdk, String scenario, String... jvmOptions) throws Exception {
        AgentJvm.Result result = AgentJvm.run(jdk, List.of(jvmOptions), APP, scenario);
        assertEquals(0, result.exitCode(), () -> "the application failed:\n" + result);
        assertTrue(result.outLines().contains("attached=true"), () -> "agent not attached:\n" + result);
        assertTrue(!result.err().contains("ERROR"), () -> "the agent reported an error:\n" + result);
        List<String> out = new ArrayList<>(result.outLines());
        out.add("--- stderr");
        out.addAll(result.err().lines().toList());
        return out;
    }

    private String config(String yaml) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        return "-Dbulwark.config=" + file;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void microProfileRetryRunsTheMethodMaxRetriesPlusOneTimes(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-retry");
        assertTrue(out.contains("mp-retry attempts=3 last=attempt 3"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aMicroProfileConfigPropertyOverridesMaxRetries(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-retry", "-D" + MP_SERVICE + "/flaky/Retry/maxRetries=4");
        assertTrue(out.contains("mp-retry attempts=5 last=attempt 5"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void nonFallbackDisabledTurnsMicroProfileRetryOff(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-retry", "-DMP_Fault_Tolerance_NonFallback_Enabled=false");
        assertTrue(out.contains("mp-retry attempts=1 last=attempt 1"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void microProfileBreakerOpensAtTheFailureRatioOfTheRequestVolume(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-breaker");
        assertEquals(List.of("call failed down", "call up", "call failed down", "call up"),
                out.stream().filter(l -> l.startsWith("call ")).toList(), out::toString);
        assertTrue(out.contains("fifth call rejected dev.bulwark.annotations.CircuitBreakerOpenException"),
                out::toString);
        assertTrue(out.contains("mp-breaker invocations=4"), () -> "the rejected call must not run the body\n" + out);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void microProfileFallbackMethodStandsInUnlessSkipped(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-fallback");
        assertTrue(out.contains("mp-fallback result=cached 42"), out::toString);
        assertTrue(out.contains("mp-fallback skipped no id"), out::toString);
        assertTrue(out.contains("mp-fallback invocations=2"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void microProfileTimeoutAbandonsASleepingCall(Path jdk) throws Exception {
        List<String> out = run(jdk, "mp-timeout");
        assertTrue(out.contains("mp-timeout dev.bulwark.annotations.TimeoutExceededException interrupted-after=false"),
                out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void resilience4jBreakerTakesItsSettingsFromTheFileAndFallsBack(Path jdk) throws Exception {
        List<String> out = run(jdk, "r4j-breaker", config("""
                circuit-breakers:
                  x:
                    sliding-window-size: 2
                    minimum-number-of-calls: 2
                    wait-duration-in-open-state: 60s
                """));
        assertTrue(out.contains("r4j-breaker call1=recovered order-1 after IOException"), out::toString);
        assertTrue(out.contains("r4j-breaker call2=recovered order-2 after IOException"), out::toString);
        assertTrue(out.contains("r4j-breaker call3=recovered order-3 after CircuitBreakerOpenException"),
                out::toString);
        assertTrue(out.contains("r4j-breaker invocations=2"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void resilience4jRetryTakesItsSettingsFromTheFile(Path jdk) throws Exception {
        List<String> out = run(jdk, "r4j-retry", config("""
                retries:
                  y: {max-attempts: 4, wait-duration: 0}
                """));
        assertTrue(out.contains("r4j-retry attempts=4"), out::toString);
    }
}
