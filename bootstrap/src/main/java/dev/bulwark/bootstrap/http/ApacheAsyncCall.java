package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request of Apache HttpClient 5's async client, from {@code doExecute} to the completion of
 * the future it returns. It is opened before the future exists, learns its future when the client
 * creates it, its server when the client sends the request, and settles exactly once: when the
 * future completes, fails or is cancelled, or when its timeout fires first. It is not retried: a
 * response consumer cannot be run twice.
 */
final class ApacheAsyncCall {
    private static final int OPEN = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    /** The {@code failed(Exception)} of each future class, for failing a future on timeout. */
    private static final ClassValue<MethodHandle> FAILED = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "failed",
                        MethodType.methodType(boolean.class, Exception.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    };

    final String targetScheme;
    final String targetHost;
    final int targetPort;
    /** The call this one hides on its thread, if a callback sent a request from inside doExecute. */
    final ApacheAsyncCall outer;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    volatile Object future;
    private volatile HttpSite site;
    private volatile String method;
    private volatile long start;
    private volatile LoadBalancer balancer;
    private volatile Endpoint endpoint;
    private volatile Future<?> timer;

    ApacheAsyncCall(String targetScheme, String targetHost, int targetPort, ApacheAsyncCall outer) {
        this.targetScheme = targetScheme;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.outer = outer;
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /**
     * The request leaves: takes its server's permits, or returns the rejection to throw. A request to
     * a logical service first gets its endpoint ({@link #endpoint()}), where the client then sends it.
     */
    HttpRejectedException send(HttpSite s, String m, boolean routable) {
        if (s == null) {
            abandon();
            return null;
        }
        LoadBalancer b = routable ? s.balancer() : null;
        Endpoint e = null;
        if (b != null) {
            e = b.choose(null);
            if (e == null) {
                abandon();
                return new HttpRejectedException(s.server(), m, b.noHealthyEndpoint());
            }
        }
        Guard guard = s.guard();
        Throwable rejected = guard.tryEnterAsync();
        if (rejected != null) {
            if (e != null) {
                b.release(e);
            }
            abandon();
            return new HttpRejectedException(s.server(), m, (BulwarkException) rejected);
        }
        site = s;
        method = m;
        balancer = b;
        endpoint = e;
        start = guard.now();
        state.set(RUNNING); // only the sending thread leaves OPEN, and it is here
        long timeoutNanos = guard.asyncTimeoutNanos();
        if (timeoutNanos > 0) {
            timer = guard.clock().schedule(() -> timedOut(timeoutNanos), timeoutNanos);
        }
        return null;
    }

    /** The endpoint the request goes to, or null when it was not routed. */
    Endpoint endpoint() {
        return endpoint;
    }

    /** Never sent, or sent unguarded: nothing to settle. */
    boolean abandon() {
        if (state.compareAndSet(OPEN, DONE)) {
            ApacheAsyncCalls.ended(this);
            return true;
        }
        return false;
    }

    /** The future completed with a response of this status (0 when the result was no response). */
    void completed(int status) {
        settle(status, null, false);
    }

    void failed(Throwable error) {
        settle(0, error, false);
    }

    void cancelled() {
        settle(0, new CancellationException(), true);
    }

    private void timedOut(long timeoutNanos) {
        HttpSite s = site;
        Guard guard = s.guard();
        TimeoutExceededException timeout = new TimeoutExceededException(guard.timeout().name(), s.server(),
                Duration.ofNanos(timeoutNanos));
        if (!end(guard, 0, timeout, false, true)) {
            return;
        }
        guard.publishTimeout(timeout);
        Object f = future;
        try {
            MethodHandle failed = f == null ? null : FAILED.get(f.getClass());
            if (failed != null) {
                boolean ignored = (boolean) failed.invoke(f, (Exception) new HttpRejectedException(s.server(), method,
                        timeout));
            }
            if (f instanceof Future<?> cancellable) {
                cancellable.cancel(true); // aborts the exchange; the future has its outcome already
            }
        } catch (Throwable e) {
            BulwarkLog.warnOnce("apache-async-timeout", "cannot fail an Apache HttpClient future on timeout", e);
        }
    }

    private void settle(int status, Throwable error, boolean cancelled) {
        HttpSite s = site;
        if (s != null) {
            end(s.guard(), status, error, cancelled, false);
        }
    }

    /** Records the outcome once; false when the call had settled already. */
    private boolean end(Guard guard, int status, Throwable error, boolean cancelled, boolean timedOut) {
        if (!state.compareAndSet(RUNNING, DONE)) {
            return false;
        }
        ApacheAsyncCalls.ended(this);
        Future<?> t = timer;
        if (t != null && !timedOut) {
            t.cancel(false);
        }
        try {
            if (guard.timeout() != null) {
                guard.timeout().recordAsync(timedOut);
            }
            HttpSite s = site;
            Throwable failure = cancelled ? null : HttpGuards.failureOf(s, error, status, HttpGuards.rules(s));
            long begun = start;
            Endpoint e = endpoint;
            if (e != null && cancelled) {
                balancer.release(e);
            } else if (e != null) {
                Routing.ended(s, balancer, e, status, error);
            }
            if (!cancelled) {
                HttpClientDurations.record(s, method, status, error, guard.now() - begun);
            }
            guard.onAttemptEnd(begun, error != null ? error : failure, 1, begun, failure, false);
        } catch (RuntimeException | LinkageError bug) {
            BulwarkLog.warnOnce("apache-async-end", "cannot record an Apache HttpClient async outcome", bug);
        }
        return true;
    }
}
