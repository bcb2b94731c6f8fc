package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The life of an Apache async call as its advice drives it: opened, given its future, sent, and
 * settled once by the future's end. Futures are plain objects here: only their identity matters.
 */
class ApacheAsyncCallsTest {
    private static final String HOST = "narrow-apache-async.test";

    @BeforeAll
    static void install() {
        HttpGuards.install(new HttpGuards.Planner() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public GuardPlan plan(String server) {
                return new GuardPlan(server, server, CircuitBreakerRules.defaults(), server,
                        new RetryRules(3, 10_000_000L, 1, 2_000_000_000L, 0, 0, List.of(), List.of()),
                        server.startsWith("narrow") ? server : null,
                        server.startsWith("narrow") ? new BulkheadRules(1, 0, false, 1) : null, null, null);
            }

            @Override
            public ServerRules rules(String server) {
                return ServerRules.defaults();
            }
        });
    }

    private static Guard guard() {
        return HttpGuards.site("http", HOST, 80).guard();
    }

    /** Opens a call, gives it {@code future}, sends its request, and closes it as doExecute returns. */
    private static void execute(Object future) throws IOException {
        Object call = ApacheAsyncCalls.open(null, null, -1);
        try {
            ApacheAsyncCalls.created(future);
            ApacheAsyncCalls.created(new Object()); // a later future of the same doExecute is not the call's
            ApacheAsyncCalls.send("http", HOST, -1, "GET");
        } finally {
            ApacheAsyncCalls.close(call);
        }
    }

    @Test
    void aSecondRequestWhileTheFirstIsInFlightIsRefusedAndTheFirstEndFreesThePermit() throws Exception {
        Object first = new Object();
        execute(first);
        assertEquals(1, guard().bulkhead().concurrentCalls());

        Object second = new Object();
        HttpRejectedException refused = assertThrows(HttpRejectedException.class, () -> execute(second));
        assertInstanceOf(BulkheadFullException.class, refused.getCause());
        assertEquals(HOST + ":80", refused.server());
        ApacheAsyncCalls.failed(second, refused); // the client fails the future with it: nothing to settle
        assertEquals(1, guard().bulkhead().concurrentCalls());

        ApacheAsyncCalls.completed(first, 200);
        assertEquals(0, guard().bulkhead().concurrentCalls());
        ApacheAsyncCalls.completed(first, 200); // settles once
        ApacheAsyncCalls.cancelled(first);
        assertEquals(0, guard().bulkhead().concurrentCalls());
    }

    @Test
    void aFailedOrCancelledFutureFreesThePermitAndAServerErrorCountsForTheBreaker() throws Exception {
        long failuresBefore = guard().breaker().failedCalls();
        Object failing = new Object();
        execute(failing);
        ApacheAsyncCalls.completed(failing, 503);
        assertEquals(failuresBefore + 1, guard().breaker().failedCalls());

        Object reset = new Object();
        execute(reset);
        ApacheAsyncCalls.failed(reset, new IOException("connection reset"));
        assertEquals(failuresBefore + 2, guard().breaker().failedCalls());

        Object cancelled = new Object();
        execute(cancelled);
        ApacheAsyncCalls.cancelled(cancelled);
        assertEquals(failuresBefore + 2, guard().breaker().failedCalls());
        assertEquals(0, guard().bulkhead().concurrentCalls());
    }

    @Test
    void aRequestWithNoServerIsLeftAloneAndANestedCallRestoresTheOuterOne() throws Exception {
        Object outer = ApacheAsyncCalls.open(null, null, -1);
        Object outerFuture = new Object();
        ApacheAsyncCalls.created(outerFuture);
        Object inner = new Object();
        execute(inner); // a callback that sends from inside doExecute
        ApacheAsyncCalls.completed(inner, 200);
        ApacheAsyncCalls.send(null, null, -1, "GET"); // a relative request and no target: unguarded
        ApacheAsyncCalls.close(outer);
        ApacheAsyncCalls.completed(outerFuture, 500);
        assertEquals(0, guard().bulkhead().concurrentCalls());
    }
}
