package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Methods returning CompletionStage / CompletableFuture, with the real agent on a separate JVM. */
class AsyncIT {

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyPolicyWorksOnTheStagesOutcomeWithoutBlockingTheCaller(Path jdk) throws Exception {
        AgentJvm.Result r = AgentJvm.run(jdk, List.of(), "dev.bulwark.it.app.async.AsyncApp");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> out = r.outLines();
        assertTrue(out.contains("attached=true"), r::toString);
        assertTrue(out.contains("returned at once=true"), r::toString);
        assertTrue(out.contains("quote=ACME=42 attempts=3"), r::toString);
        assertTrue(out.contains("stuck=failed TimeoutExceededException stage cancelled=true"), r::toString);
        assertTrue(out.contains("down 1=failed IllegalStateException"), r::toString);
        assertTrue(out.contains("down 2=failed IllegalStateException"), r::toString);
        assertTrue(out.contains("down 3=failed CircuitBreakerOpenException body ran=2"), r::toString);
        assertTrue(out.contains("fallback=cached after CircuitBreakerOpenException body ran=2"), r::toString);
    }

    /** A full bulkhead that allows a wait: the caller goes on at once; the method runs when the permit returns. */
    @ParameterizedTest
    @MethodSource("jdks")
    void waitingForAPermitNeverBlocksTheCaller(Path jdk) throws Exception {
        AgentJvm.Result r = AgentJvm.run(jdk, List.of(), "dev.bulwark.it.app.async.WaitingApp");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> out = r.outLines();
        assertTrue(out.contains("attached=true"), r::toString);
        assertTrue(out.contains("second pending=true"), r::toString);
        assertTrue(out.contains("first=first done"), r::toString);
        assertTrue(out.contains("second=second done"), r::toString);
        assertTrue(out.contains("order=body first, caller went on, first released, body second"), r::toString);
        assertTrue(out.contains("second ran on a Bulwark worker=true"), r::toString);
    }
}
