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
        try {
            if (!HttpGuards.enabled()) {
                return null;
            }
            ApacheAsyncCall call = new ApacheAsyncCall(targetScheme, targetHost, targetPort, OPENED.get());
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
        if (call != null && call.future == null && call.isOpen()) {
            call.future = future;
            PENDING.incrementAndGet();
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
        ApacheAsyncCall call = callOf(future);
        if (call != null) {
            call.completed(status);
        }
    }

    public static void failed(Object future, Throwable error) {
        ApacheAsyncCall call = callOf(future);
        if (call != null) {
            call.failed(error);
        }
    }

    public static void cancelled(Object future) {
        ApacheAsyncCall call = callOf(future);
        if (call != null) {
            call.cancelled();
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
