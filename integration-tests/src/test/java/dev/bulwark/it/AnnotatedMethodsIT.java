package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real agent jar on a separate JVM, against the small application in {@code dev.bulwark.it.app}. */
class AnnotatedMethodsIT {
    private static final String APP = "dev.bulwark.it.app.GuardedApp";

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private static AgentJvm.Result run(Path jdk, String scenario, String... jvmOptions) throws Exception {
        AgentJvm.Result result = AgentJvm.run(jdk, List.of(jvmOptions), APP, scenario);
        assertEquals(0, result.exitCode(), () -> "the application failed:\n" + result);
        assertTrue(result.outLines().contains("attached=true"), () -> "agent not attached:\n" + result);
        return result;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void agentStartsWithOneLineNamingItsVersion(Path jdk) throws Exception {
        AgentJvm.Result result = run(jdk, "untouched");
        List<String> started = result.err().lines().filter(l -> l.contains("Bulwark") && l.contains("started")).toList();
        assertEquals(1, started.size(), result::toString);
        assertTrue(started.get(0).matches("\\[bulwark] INFO Bulwark \\S+ started on Java \\d+: .*@CircuitBreaker.*"),
                started.get(0));
        assertFalse(result.err().contains("Unsafe"), () -> "JVM warned about Unsafe:\n" + result);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void breakerOpensAfterConfiguredFailuresThenClosesAfterTrial(Path jdk) throws Exception {
        AgentJvm.Result result = run(jdk, "breaker");
        List<String> out = result.outLines();
        assertEquals(4, out.stream().filter(l -> l.startsWith("failure out of stock")).count(), result::toString);
        assertTrue(out.contains("rejected policy=inventory state=OPEN"), result::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("message=Bulwark circuit breaker 'inventory' is OPEN: "
                + "call to dev.bulwark.it.app.Inventory#reserve rejected; trial calls are let through in ")),
                result::toString);
        assertTrue(out.contains("invocations=4"), () -> "the rejected call must not run the body\n" + result);
        assertTrue(out.contains("event inventory CLOSED->OPEN"), result::toString);
        assertTrue(out.contains("event inventory OPEN->HALF_OPEN"), result::toString);
        assertTrue(out.contains("trial=reserved"), result::toString);
        assertTrue(out.contains("event inventory HALF_OPEN->CLOSED"), result::toString);
        assertTrue(out.contains("after-close=reserved"), result::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void retriesTheConfiguredNumberOfTimesAndRethrowsTheLastFailureUnchanged(Path jdk) throws Exception {
        List<String> out = run(jdk, "retry").outLines();
        assertTrue(out.contains("result=ok attempts=3"), out::toString);
        assertTrue(out.contains("exhausted attempts=3 same-exception=true suppressed=0"), out::toString);
        assertTrue(out.contains("aborted attempts=1"), out::toString);
        assertEquals(2 + 2, out.stream().filter(l -> l.startsWith("event retry")).count(), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void bulkheadRejectsTheCallOverItsLimit(Path jdk) throws Exception {
        List<String> out = run(jdk, "bulkhead").outLines();
        assertTrue(out.contains("rejected policy=pool max=2"), out::toString);
        assertTrue(out.contains("message=Bulwark bulkhead 'pool' is full: call to dev.bulwark.it.app.Pool#hold rejected; "
                + "2 concurrent calls allowed, no waiting"), out::toString);
        assertTrue(out.contains("after-release=ran max-seen=2"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyRetryAttemptPassesTheBreakerAgain(Path jdk) throws Exception {
        List<String> out = run(jdk, "stack").outLines();
        assertTrue(out.contains("rejected after invocations=2 suppressed=IllegalStateException"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void classAnnotationGuardsPublicMethodsOnly(Path jdk) throws Exception {
        List<String> out = run(jdk, "class-level").outLines();
        assertTrue(out.contains("public attempts=2"), out::toString);
        assertTrue(out.contains("package attempts=1"), out::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void classesWithoutAnnotationsAreUntouched(Path jdk) throws Exception {
        AgentJvm.Result result = run(jdk, "untouched", "-Dbulwark.debug=true");
        assertTrue(result.outLines().contains("plain invocations=6 own-exceptions=6"), result::toString);
        assertFalse(result.err().contains("instrumented dev.bulwark.it.app.PlainService"), result::toString);
        assertTrue(result.err().contains("instrumented dev.bulwark.it.app.Inventory"), result::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void invalidAnnotationIsReportedOnceAndFailsEveryCall(Path jdk) throws Exception {
        AgentJvm.Result result = run(jdk, "invalid");
        String expected = "invalid @CircuitBreaker on dev.bulwark.it.app.Misconfigured#call: failureRateThreshold = 150.0 "
                + "is not allowed; allowed: ";
        assertEquals(1, count(result.err(), "[bulwark] ERROR " + expected), result::toString);
        assertEquals(3, result.outLines().stream().filter(l -> l.startsWith("invalid: " + expected)).count(),
                result::toString);
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith(
                "invalid: invalid @Retry on dev.bulwark.it.app.Misconfigured#badDuration: waitDuration = \"soon\" "
                        + "is not allowed; allowed: a duration")), result::toString);
        assertTrue(result.outLines().contains("body-ran=0"), result::toString);
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
