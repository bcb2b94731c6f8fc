package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.NoHealthyEndpointException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request of Apache HttpClient 5's async client, from {@code doExecute} to the completion of
 * the future it returns. It is opened before the future exists, learns its future when the client
 * creates it, its server when the client sends the request, and settles each attempt exactly once:
 * when the attempt's future completes, fails or is cancelled, or when its timeout fires first.
 *
 * <p>A failure the rules allow to retry, of a request whose producer is repeatable, holds back the
 * completion of the caller's future and sends the request again through the client's
 * {@code doExecute}, with the same producer and consumer, on Bulwark's timer: never on the caller's
 * thread, and only once the client has released the failed exchange (see {@link ApacheAsyncCalls}).
 * The last attempt's outcome completes the caller's future. A timed-out attempt is not retried.
 */
final class ApacheAsyncCall {
    private static final int OPEN = 0;
    private static final int RUNNING = 1;
    private static final int WAITING = 2;
    private static final int DONE = 3;

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

    /** The {@code completed(T)} of each future class, for handing the last attempt's result to the caller's future. */
    private static final ClassValue<MethodHandle> COMPLETED = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "completed",
                        MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    };

    /** The protected {@code doExecute} of each client class, through which a retry sends the request again. */
    private static final ClassValue<MethodHandle> DO_EXECUTE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals("doExecute") && m.getParameterCount() == 6) {
                        try {
                            m.setAccessible(true);
                            return MethodHandles.lookup().unreflect(m);
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            BulwarkLog.warnOnce("apache-async-retry", "cannot retry Apache HttpClient async "
                                    + "requests: " + c.getName() + "#doExecute is not open to Bulwark", e);
                            return null;
                        }
                    }
                }
            }
            return null;
        }
    };

    final String targetScheme;
    final String targetHost;
    final int targetPort;
    /** The call this one hides on its thread, if a callback sent a request from inside doExecute. */
    ApacheAsyncCall outer;
    /** What doExecute was given, for sending the request again; null client: never retried. */
    private final Object client;
    private final Object[] arguments;
    private final boolean repeatable;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    /** The caller's future. */
    volatile Object future;
    /** The future of the attempt under way: the caller's for the first, doExecute's own for a retry. */
    volatile Object attemptFuture;
    private volatile HttpSite site;
    /** The endpoints this call's attempts went to, for {@link LoadBalancer#choose(Endpoint, long)}. */
    private volatile long tried;
    private volatile String method;
    private volatile int attempt = 1;
    private volatile long firstStart;
    private volatile long start;
    private volatile LoadBalancer balancer;
    private volatile Endpoint endpoint;
    private volatile Future<?> timer;

    ApacheAsyncCall(String targetScheme, String targetHost, int targetPort, ApacheAsyncCall outer, Object client,
            Object[] arguments, boolean repeatable) {
        this.targetScheme = targetScheme;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.outer = outer;
        this.client = client;
        this.arguments = arguments;
        this.repeatable = repeatable;
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /** Whether this call is between attempts: its next doExecute belongs to it. */
    boolean isRetry() {
        return attempt > 1;
    }

    /**
     * The request leaves: takes its server's permits, or returns the rejection to throw. A request to
     * a logical service first gets its endpoint ({@link #endpoint()}), where the client then sends it.
     * A retry's permits are taken already: it only gets its endpoint.
     */
    HttpRejectedException send(HttpSite s, String m, boolean routable) {
        if (isRetry()) {
            return sendAgain();
        }
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
        firstStart = start;
        running(guard);
        return null;
    }

    private HttpRejectedException sendAgain() {
        HttpSite s = site;
        Guard guard = s.guard();
        LoadBalancer b = balancer;
        if (b != null) {
            tried = b.tried(tried, endpoint);
            Endpoint e = b.choose(endpoint, tried);
            if (e == null) {
                // health checks took every endpoint out meanwhile: the attempt ends before it starts
                state.set(DONE);
                ApacheAsyncCalls.ended(this);
                NoHealthyEndpointException none = b.noHealthyEndpoint();
                guard.onAttemptEnd(start, none, attempt, firstStart, none, false);
                HttpRejectedException rejection = new HttpRejectedException(s.server(), method, none);
                fail(future, rejection);
                return rejection;
            }
            endpoint = e;
        }
        running(guard);
        return null;
    }

    private void running(Guard guard) {
        state.set(RUNNING); // only the sending thread leaves OPEN, and it is here
        long timeoutNanos = guard.asyncTimeoutNanos();
        if (timeoutNanos > 0) {
            int a = attempt;
            timer = guard.clock().schedule(() -> timedOut(a, timeoutNanos), timeoutNanos);
        }
    }

    dev.bulwark.bootstrap.time.Clock clock() {
        return site.guard().clock();
    }

    /** The endpoint the request goes to, or null when it was not routed. */
    Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Never sent, or sent unguarded: nothing to settle. A retry that doExecute never sent (the client
     * was closed meanwhile) ends its attempt and fails the caller's future.
     */
    boolean abandon() {
        if (state.compareAndSet(OPEN, DONE)) {
            ApacheAsyncCalls.ended(this);
            if (isRetry()) {
                CancellationException notSent = new CancellationException("the client did not send the retry");
                site.guard().onAttemptEnd(start, notSent, attempt, firstStart, null, false);
                fail(future, notSent);
            }
            return true;
        }
        return false;
    }

    /**
     * The future {@code f} completed with {@code result}, a response of this status (0 when the result
     * was no response).
     *
     * @return true when {@code f}'s completion must be held back: the call is retried
     */
    boolean completed(Object f, int status, String retryAfter, Object result) {
        return settle(f, status, retryAfter, null, false, result);
    }

    boolean failed(Object f, Throwable error) {
        return settle(f, 0, null, error, false, null);
    }

    void cancelled(Object f) {
        if (f == future && attemptFuture != f && state.get() == RUNNING) {
            // the caller cancels its future while a retry is under way: that retry's exchange is cancelled
            Object a = attemptFuture;
            if (a instanceof Future<?> cancellable) {
                cancellable.cancel(true);
            }
            return;
        }
        settle(f, 0, null, new CancellationException(), true, null);
    }

    private void timedOut(int a, long timeoutNanos) {
        HttpSite s = site;
        Guard guard = s.guard();
        TimeoutExceededException timeout = new TimeoutExceededException(guard.timeout().name(), s.server(),
                Duration.ofNanos(timeoutNanos));
        if (attempt != a || end(guard, 0, null, timeout, false, true) != -1) {
            return; // a later attempt's timer, or the attempt settled first
        }
        guard.publishTimeout(timeout);
        try {
            fail(future, new HttpRejectedException(s.server(), method, timeout));
            if (attemptFuture instanceof Future<?> cancellable) {
                cancellable.cancel(true); // aborts the exchange; the caller's future has its outcome already
            }
        } catch (Throwable e) {
            BulwarkLog.warnOnce("apache-async-timeout", "cannot fail an Apache HttpClient future on timeout", e);
        }
    }

    private boolean settle(Object f, int status, String retryAfter, Throwable error, boolean cancelled,
            Object result) {
        HttpSite s = site;
        if (s == null || f != attemptFuture) {
            return false;
        }
        long wait = end(s.guard(), status, retryAfter, error, cancelled, false);
        if (wait == -2) {
            return false; // settled already
        }
        if (wait >= 0) {
            ApacheAsyncCalls.retryWhenReleased(this, wait);
            return true;
        }
        if (f != future) {
            // the last attempt was a retry: its outcome is the caller's
            if (cancelled) {
                if (future instanceof Future<?> caller) {
                    caller.cancel(true);
                }
            } else if (error != null) {
                fail(future, HttpGuards.forCaller(s, method, error));
            } else {
                complete(future, result);
            }
        }
        return false;
    }

    /**
     * Records an attempt's outcome once.
     *
     * @return nanos to wait before the next attempt, -1 when the outcome stands, -2 when the attempt
     *     had settled already
     */
    private long end(Guard guard, int status, String retryAfter, Throwable error, boolean cancelled,
            boolean timedOut) {
        if (!state.compareAndSet(RUNNING, WAITING)) {
            return -2;
        }
        Future<?> t = timer;
        if (t != null && !timedOut) {
            t.cancel(false);
        }
        long wait = -1;
        try {
            if (guard.timeout() != null) {
                guard.timeout().recordAsync(timedOut);
            }
            HttpSite s = site;
            long begun = start;
            Endpoint e = endpoint;
            if (e != null && cancelled) {
                balancer.release(e);
            } else if (e != null) {
                Routing.ended(s, balancer, e, status, error);
            }
            if (cancelled) {
                guard.onAttemptEnd(begun, error, attempt, firstStart, null, false);
            } else {
                boolean replayable = repeatable && client != null && !timedOut;
                wait = HttpGuards.onAttemptEnd(s, guard, method, replayable, status, retryAfter, error, begun,
                        attempt, firstStart);
            }
        } catch (RuntimeException | LinkageError bug) {
            BulwarkLog.warnOnce("apache-async-end", "cannot record an Apache HttpClient async outcome", bug);
            wait = -1;
        }
        if (wait < 0) {
            state.set(DONE);
            ApacheAsyncCalls.ended(this);
        } else {
            previous = error != null ? error : new HttpStatusFailure(site.server(), status);
        }
        return wait;
    }

    private volatile Throwable previous;

    /** The next attempt, on a Bulwark thread: its permits, then the request sent again through doExecute. */
    void next() {
        HttpSite s = site;
        Guard guard = s.guard();
        Throwable rejection = guard.acquireForAsyncRetry(previous);
        if (rejection != null) {
            state.set(DONE);
            ApacheAsyncCalls.ended(this);
            fail(future, HttpGuards.forCaller(s, method, rejection));
            return;
        }
        attempt++;
        start = guard.now();
        attemptFuture = null;
        if (future instanceof Future<?> caller && caller.isDone()) {
            // cancelled while waiting: the attempt ends before it starts, giving back what it took
            state.set(DONE);
            ApacheAsyncCalls.ended(this);
            guard.onAttemptEnd(start, new CancellationException(), attempt, firstStart, null, false);
            return;
        }
        state.set(OPEN);
        try {
            MethodHandle doExecute = DO_EXECUTE.get(client.getClass());
            ApacheAsyncCalls.reopen(this);
            try {
                Object ignored = doExecute.invoke(client, arguments[0], arguments[1], arguments[2], arguments[3], arguments[4],
                        (Object) null);
            } finally {
                ApacheAsyncCalls.leaveRetry(this);
            }
        } catch (Throwable e) {
            if (state.compareAndSet(OPEN, DONE) || state.compareAndSet(RUNNING, DONE)) {
                ApacheAsyncCalls.ended(this);
                guard.onAttemptEnd(start, e, attempt, firstStart, null, false);
                fail(future, e instanceof Exception ex ? ex : new IllegalStateException(e));
            }
        }
    }

    private static void fail(Object f, Throwable error) {
        try {
            MethodHandle failed = f == null ? null : FAILED.get(f.getClass());
            if (failed != null) {
                boolean ignored = (boolean) failed.invoke(f, error instanceof Exception e ? e
                        : new IllegalStateException(error));
            }
        } catch (Throwable e) {
            BulwarkLog.warnOnce("apache-async-relay", "cannot fail an Apache HttpClient future", e);
        }
    }

    private static void complete(Object f, Object result) {
        try {
            MethodHandle completed = f == null ? null : COMPLETED.get(f.getClass());
            if (completed != null) {
                boolean ignored = (boolean) completed.invoke(f, result);
            }
        } catch (Throwable e) {
            BulwarkLog.warnOnce("apache-async-relay", "cannot complete an Apache HttpClient future", e);
        }
    }
}
