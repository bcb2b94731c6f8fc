package dev.bulwark.agent.instrument.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.guarded.Fixtures;
import dev.bulwark.agent.instrument.Instrumentations;
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

    @BeforeAll
    static void install() {
        Instrumentations.install(ByteBuddyAgent.install());
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
    void methodsReturningACompletionStageAreLeftUnchanged() {
        Fixtures.Async async = new Fixtures.Async();
        assertThrows(IllegalStateException.class, async::later);
        assertThrows(IllegalStateException.class, async::laterFuture);
        assertEquals(2, async.calls);
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
