package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.util.WeakIdentityMap;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the advice of Apache HttpClient 5's async client calls. The client's {@code doExecute}
 * creates its future first and sends the request later, both on the caller's thread; the future
 * completes on an I/O thread. So a call is opened per thread at {@code doExecute}, learns its future
 * when the client constructs it ({@link #created}), takes its permits when the request is sent
 * ({@link #send}; a refusal is thrown there as the IOException the client turns into a failed
 * future and a {@code failed} callback), and settles when that future ends.
 */
public final class ApacheAsyncCalls {
    private static final ThreadLocal<ApacheAsyncCall> OPENED = new ThreadLocal<>();
    /** A retry about to call doExecute on this thread: that doExecute is its next attempt. */
    private static final ThreadLocal<ApacheAsyncCall> RETRYING = new ThreadLocal<>();
    /** How deep this thread is in the client's exchange callbacks, and the retries waiting for it to leave them. */
    private static final ThreadLocal<int[]> IN_EXCHANGE = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<java.util.List<Runnable>> AFTER_EXCHANGE = new ThreadLocal<>();
    private static final WeakIdentityMap<ApacheAsyncCall> BY_FUTURE = new WeakIdentityMap<>();
    /** Calls with a future that have not settled: while none, a future's completion looks nothing up. */
    private static final AtomicInteger PENDING = new AtomicInteger();

    private ApacheAsyncCalls() {
    }

    /**
     * {@code doExecute} begins; the target is the client's explicit host, if any (else the request's
     * authority decides). Returns the call to give to {@link #close}, or null when HTTP is unguarded.
     */
    public static Object open(String targetScheme, String targetHost, int targetPort) {
        return open(targetScheme, targetHost, targetPort, null, null, false);
    }

    /**
     * As {@link #open(String, String, int)}, with what a retry needs to send the request again:
     * the client and doExecute's arguments but the callback (target, request producer, response
     * consumer, push handler factory, context), and whether the request producer is repeatable.
     * Inside a retry's own doExecute, returns that retry's call.
     */
    public static Object open(String targetScheme, String targetHost, int targetPort, Object client,
            Object[] arguments, boolean repeatable) {
        try {
            ApacheAsyncCall retry = RETRYING.get();
            if (retry != null) {
                RETRYING.remove();
                retry.outer = OPENED.get();
                OPENED.set(retry);
                return retry;
            }
            if (!HttpGuards.enabled()) {
                return null;
            }
            ApacheAsyncCall call = new ApacheAsyncCall(targetScheme, targetHost, targetPort, OPENED.get(), client,
                    arguments, repeatable);
            OPENED.set(call);
            return call;
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("apache-async", "cannot guard Apache HttpClient async requests", e);
            return null;
        }
    }

    /** A future was constructed: the first one of an open call on this thread is that call's. */
    public static void created(Object future) {
        ApacheAsyncCall call = OPENED.get();
        if (call == null || !call.isOpen()) {
            return;
        }
        if (call.future == null) {
            call.future = future;
            call.attemptFuture = future;
            PENDING.incrementAndGet();
            BY_FUTURE.put(future, call);
        } else if (call.isRetry() && call.attemptFuture == null) {
            call.attemptFuture = future;
            BY_FUTURE.put(future, call);
        }
    }

    /**
     * The request is sent: takes its server's permits. A refusal is thrown; the client fails the
     * call's future with it. A request to a logical service (by its URI: a client's explicit target
     * host is not routed) returns the endpoint chosen for it, whose host and port the advice then
     * writes into the request's authority.
     *
     * @param scheme the request's scheme, or null; {@code host} and {@code port} its authority's, or null and -1
     * @return the endpoint to send the request to, or null to send it as written
     */
    public static Endpoint send(String scheme, String host, int port, String method) throws IOException {
        ApacheAsyncCall call = OPENED.get();
        if (call == null || !call.isOpen() || call.future == null) {
            return null;
        }
        if (call.isRetry()) {
            IOException rejection = call.send(null, method, false);
            if (rejection != null) {
                throw rejection;
            }
            return call.endpoint();
        }
        HttpSite site;
        if (call.targetHost != null) {
            site = HttpGuards.site(call.targetScheme, call.targetHost, call.targetPort);
        } else {
            site = host == null ? null : HttpGuards.site(scheme == null ? "http" : scheme, host, port);
        }
        IOException rejection = call.send(site, method, call.targetHost == null);
        if (rejection != null) {
            throw rejection;
        }
        return call.endpoint();
    }

    /** {@code doExecute} returns or throws: a call whose request never left is dropped. */
    public static void close(Object opened) {
        ApacheAsyncCall call = (ApacheAsyncCall) opened;
        if (call.outer != null) {
            OPENED.set(call.outer);
        } else {
            OPENED.remove();
        }
        call.abandon();
    }

    /** The future completed with a response of this status (0 when its result is no response). */
    public static void completed(Object future, int status) {
        completed(future, status, null, null);
    }

    /**
     * The future completed with {@code result}, a response of this status (0 when it is no response)
     * and this {@code Retry-After} header (or null).
     *
     * @return true when the future's completion must be held back: the request is sent again
     */
    public static boolean completed(Object future, int status, String retryAfter, Object result) {
        ApacheAsyncCall call = callOf(future);
        return call != null && call.completed(future, status, retryAfter, result);
    }

    /** @return true when the future's failure must be held back: the request is sent again */
    public static boolean failed(Object future, Throwable error) {
        ApacheAsyncCall call = callOf(future);
        return call != null && call.failed(future, error);
    }

    public static void cancelled(Object future) {
        ApacheAsyncCall call = callOf(future);
        if (call != null) {
            call.cancelled(future);
        }
    }

    /** A retry of {@code call} is about to call doExecute on this thread. */
    static void reopen(ApacheAsyncCall call) {
        RETRYING.set(call);
    }

    /** That doExecute returned (or was never reached). */
    static void leaveRetry(ApacheAsyncCall call) {
        RETRYING.remove();
    }

    /**
     * Schedules the next attempt of {@code call} in {@code wait} nanos on Bulwark's threads. Inside the
     * client's exchange callback, only once this thread left it: the client releases the request
     * producer and response consumer there, after completing the future, and the next attempt reuses them.
     */
    static void retryWhenReleased(ApacheAsyncCall call, long wait) {
        Runnable launch = () -> launch(call, wait);
        if (IN_EXCHANGE.get()[0] > 0) {
            java.util.List<Runnable> after = AFTER_EXCHANGE.get();
            if (after == null) {
                after = new java.util.ArrayList<>(2);
                AFTER_EXCHANGE.set(after);
            }
            after.add(launch);
        } else {
            launch.run();
        }
    }

    private static void launch(ApacheAsyncCall call, long wait) {
        try {
            dev.bulwark.bootstrap.time.Clock clock = call.clock();
            if (wait == 0) {
                clock.execute(call::next);
            } else {
                clock.schedule(() -> clock.execute(call::next), wait);
            }
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("apache-async-retry", "cannot retry an Apache HttpClient async request", e);
            call.next(); // on this thread rather than never: the caller's future must end
        }
    }

    /** The client's exchange callback ({@code completed()} or {@code failed}) begins on this thread. */
    public static void exchangeCallbackEnter() {
        IN_EXCHANGE.get()[0]++;
    }

    /** It ends: retries held for it are scheduled now. */
    public static void exchangeCallbackExit() {
        int[] depth = IN_EXCHANGE.get();
        if (depth[0] > 0 && --depth[0] == 0) {
            java.util.List<Runnable> after = AFTER_EXCHANGE.get();
            if (after != null && !after.isEmpty()) {
                Runnable[] launches = after.toArray(new Runnable[0]);
                after.clear();
                for (Runnable r : launches) {
                    r.run();
                }
            }
        }
    }

    private static ApacheAsyncCall callOf(Object future) {
        return PENDING.get() == 0 ? null : BY_FUTURE.get(future);
    }

    static void ended(ApacheAsyncCall call) {
        if (call.future != null) {
            PENDING.decrementAndGet();
        }
    }
}
