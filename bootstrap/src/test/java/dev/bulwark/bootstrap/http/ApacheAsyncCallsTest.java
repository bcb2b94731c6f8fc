package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.concurrent.TimeUnit;
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

    /** Stands for the async client: its doExecute does what the advice does around the real one. */
    static final class Client {
        final java.util.concurrent.BlockingQueue<RecordingFuture> futures = new java.util.concurrent.LinkedBlockingQueue<>();
        final boolean repeatable;

        Client(boolean repeatable) {
            this.repeatable = repeatable;
        }

        @SuppressWarnings("unused") // called by a retry, through reflection as the real client's is
        Object doExecute(Object target, Object producer, Object consumer, Object push, Object context,
                Object callback) throws IOException {
            Object call = ApacheAsyncCalls.open(null, null, -1, this, new Object[] {target, producer, consumer, push,
                    context}, repeatable);
            RecordingFuture future = new RecordingFuture();
            try {
                ApacheAsyncCalls.created(future);
                ApacheAsyncCalls.send("http", HOST, -1, "GET");
            } finally {
                ApacheAsyncCalls.close(call);
            }
            futures.add(future);
            return future;
        }
    }

    @Test
    void aFailedAttemptIsHeldBackAndSentAgainAndTheLastOutcomeCompletesTheCallersFuture() throws Exception {
        Client client = new Client(true);
        RecordingFuture caller = (RecordingFuture) client.doExecute(null, null, null, null, null, null);
        client.futures.take();
        assertTrue(ApacheAsyncCalls.completed(caller, 503, null, "first answer"), "the 503 is held back");
        RecordingFuture retry = client.futures.poll(30, TimeUnit.SECONDS); // sent again on Bulwark's threads
        assertNotNull(retry);
        assertEquals(1, guard().bulkhead().concurrentCalls());
        assertFalse(caller.outcome.isDone());

        assertFalse(ApacheAsyncCalls.completed(retry, 200, null, "second answer"));
        assertEquals("second answer", caller.outcome.get(30, TimeUnit.SECONDS));
        assertEquals(0, guard().bulkhead().concurrentCalls());
    }

    @Test
    void aRequestWhoseProducerIsNotRepeatableIsSentOnce() throws Exception {
        Client client = new Client(false);
        RecordingFuture caller = (RecordingFuture) client.doExecute(null, null, null, null, null, null);
        assertFalse(ApacheAsyncCalls.completed(caller, 503, null, "answer"), "the 503 is the outcome");
        assertEquals(0, guard().bulkhead().concurrentCalls());
        assertEquals(1, client.futures.size());
    }

    @Test
    void eachFailedAttemptIsSentAgainUntilTheLastWhoseFailureTheCallerGets() throws Exception {
        Client client = new Client(true);
        RecordingFuture caller = (RecordingFuture) client.doExecute(null, null, null, null, null, null);
        client.futures.take();
        assertTrue(ApacheAsyncCalls.failed(caller, new IOException("connection reset")));
        RecordingFuture second = client.futures.poll(30, TimeUnit.SECONDS);
        assertTrue(ApacheAsyncCalls.failed(second, new IOException("connection reset")));
        RecordingFuture third = client.futures.poll(30, TimeUnit.SECONDS);
        IOException last = new IOException("refused");
        assertFalse(ApacheAsyncCalls.failed(third, last), "the third of 3 attempts is the outcome");
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> caller.outcome.get(30, TimeUnit.SECONDS));
        assertEquals(last, e.getCause());
        assertEquals(0, guard().bulkhead().concurrentCalls());
    }
}
