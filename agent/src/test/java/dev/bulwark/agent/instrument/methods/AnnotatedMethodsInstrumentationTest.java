package dev.bulwark.agent.instrument.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.guarded.Fixtures;
import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.instrument.Instrumentations;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.annotations.TimeoutExceededException;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.Retry;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's transformer installed into this JVM: what the advice does to a class. The fixture
 * classes are loaded only after installation, so they are transformed as they load.
 */
class AnnotatedMethodsInstrumentationTest {

    private static MethodSites sites;
    private static Instrumentation instrumentation;

    @BeforeAll
    static void install() throws Exception {
        instrumentation = ByteBuddyAgent.install();
        sites = new MethodSites(Registry.global(), rules("""
                methods:
                  "com.example.guarded.Fixtures$ByRule#call":
                    retry: {max-attempts: 3, wait-duration: 0}
                """));
        Instrumentations.install(instrumentation, sites);
    }

    private static Rules rules(String yaml) throws Exception {
        Path file = Files.createTempFile("bulwark", ".yaml");
        Files.writeString(file, yaml);
        Loader.Result result = Loader.load(file, null, null, Map.of(), new Properties());
        assertEquals(List.of(), result.errors());
        return result.rules();
    }

    @Test
    void breakerOpensAndRejectsWithoutRunningTheBody() {
        Fixtures.Breaking breaking = new Fixtures.Breaking();
        assertThrows(IllegalStateException.class, breaking::fail);
        assertThrows(IllegalStateException.class, breaking::fail);
        CircuitBreakerOpenException rejected = assertThrows(CircuitBreakerOpenException.class, breaking::fail);
        assertEquals("fixture-breaker", rejected.policyName());
        assertEquals(2, breaking.calls);
    }

    @Test
    void retryRerunsTheBodyAndTakesTheBulkheadPermitAgainForEachAttempt() {
        Fixtures.Retrying retrying = new Fixtures.Retrying();
        assertEquals(3, retrying.succeedOnThird());
        assertEquals(3, retrying.calls);
        Bulkhead bulkhead = Registry.global().bulkheads().stream()
                .filter(b -> b.name().equals("fixture-bulkhead")).findFirst().orElseThrow();
        assertEquals(3, bulkhead.permittedCalls());
        assertEquals(0, bulkhead.concurrentCalls());
        Retry retry = Registry.global().retries().stream()
                .filter(r -> r.name().equals("fixture-retry")).findFirst().orElseThrow();
        assertEquals(1, retry.successfulCallsWithRetry());
        assertEquals(2, retry.retryAttempts());
    }

    @Test
    void anAsyncMethodThatThrowsGivesAFailedFutureAfterEveryAttempt() throws Exception {
        Fixtures.Async async = new Fixtures.Async();
        CompletableFuture<String> future = async.later().toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertEquals(IllegalStateException.class, e.getCause().getClass());
        assertEquals(3, async.calls.get());
    }

    @Test
    void anAsyncMethodIsRetriedOnItsStagesOutcomeWithoutBlockingTheCaller() throws Exception {
        Fixtures.Async async = new Fixtures.Async();
        CompletableFuture<String> future = async.laterFuture("v");
        assertEquals("v", future.get(10, TimeUnit.SECONDS));
        assertEquals(3, async.calls.get());
    }

    @Test
    void anAsyncTimeoutFailsTheCallersFutureAndCancelsTheStage() throws Exception {
        Fixtures.Async async = new Fixtures.Async();
        CompletableFuture<String> future = async.hangs().toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertEquals(TimeoutExceededException.class, e.getCause().getClass());
        assertTrue(async.hanging.isCancelled());
    }

    @Test
    void anOpenBreakerRejectsAnAsyncCallWithAFailedFutureOrItsFallback() throws Exception {
        Fixtures.Async async = new Fixtures.Async();
        assertEquals("cached a after IllegalStateException",
                async.withFallback("a").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("cached b after IllegalStateException",
                async.withFallback("b").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("cached c after CircuitBreakerOpenException",
                async.withFallback("c").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(2, async.calls.get(), "the rejected call never ran its body");
    }

    @Test
    void anAsyncMethodReturningAnotherStageTypeIsLeftUnchanged() {
        Fixtures.Async async = new Fixtures.Async();
        assertThrows(IllegalStateException.class, async::ownStage);
        assertEquals(1, async.calls.get());
    }

    @Test
    void aMethodNamedByARuleIsGuardedWithoutAnyAnnotation() {
        Fixtures.ByRule byRule = new Fixtures.ByRule();
        assertThrows(IllegalStateException.class, byRule::call);
        assertEquals(3, byRule.calls);
        assertThrows(IllegalStateException.class, byRule::untouched);
        assertEquals(4, byRule.calls);
    }

    @Test
    void aReloadTightensALiveBreakerAndKeepsItsWindow() throws Exception {
        Fixtures.Reloaded reloaded = new Fixtures.Reloaded();
        reloaded.call(false);
        assertThrows(IllegalStateException.class, () -> reloaded.call(true));
        assertThrows(IllegalStateException.class, () -> reloaded.call(true)); // 2 of 3 failed, under 100%
        CircuitBreaker breaker = Registry.global().circuitBreakers().stream()
                .filter(b -> b.name().equals("fixture-reloaded")).findFirst().orElseThrow();
        sites.apply(rules("""
                methods:
                  "com.example.guarded.Fixtures$ByRule#call":
                    retry: {max-attempts: 3, wait-duration: 0}
                circuit-breakers:
                  fixture-reloaded: {failure-rate-threshold: 50}
                """));
        assertThrows(IllegalStateException.class, () -> reloaded.call(true)); // 3 of 4 failed: opens at 50%
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertThrows(CircuitBreakerOpenException.class, () -> reloaded.call(false));
        assertEquals(4, reloaded.calls);
        assertEquals(breaker, Registry.global().circuitBreakers().stream()
                .filter(b -> b.name().equals("fixture-reloaded")).findFirst().orElseThrow());
    }

    @Test
    void aRuleAddedByAReloadGuardsAClassThatWasAlreadyLoaded() throws Exception {
        Fixtures.NamedLater named = new Fixtures.NamedLater();
        assertThrows(IllegalStateException.class, named::call);
        assertEquals(1, named.calls);
        Rules before = sites.rules();
        Rules after = rules("""
                methods:
                  "com.example.guarded.Fixtures$ByRule#call":
                    retry: {max-attempts: 3, wait-duration: 0}
                  "com.example.guarded.Fixtures$NamedLater#call":
                    retry: {max-attempts: 2, wait-duration: 0}
                circuit-breakers:
                  fixture-reloaded: {failure-rate-threshold: 50}
                """);
        sites.apply(after);
        Instrumentations.retransformNewlyNamed(instrumentation, before, after);
        assertThrows(IllegalStateException.class, named::call);
        assertEquals(3, named.calls);
    }

    @Test
    void classesWithoutAnnotationsAreNotTransformed() {
        Fixtures.Plain plain = new Fixtures.Plain();
        for (int i = 0; i < 5; i++) {
            assertThrows(IllegalStateException.class, plain::fail);
        }
        assertEquals(5, plain.calls);
        assertEquals(-1, Registry.global().siteId("com.example.guarded.Fixtures$Plain#fail()V"));
    }
}
