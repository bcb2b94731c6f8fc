package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.NoHealthyEndpointException;
import dev.bulwark.bootstrap.guard.Guard;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code HttpClient.sendAsync} call guarded without blocking a thread: the caller gets
 * {@link #result} at once; each attempt's future is watched and judged when it completes (or when
 * its timeout fires first); a retry is scheduled on Bulwark's clock and sends the request again.
 * Each attempt settles exactly once. A request to a logical service sends each attempt to the
 * endpoint its balancer chooses, a retry to another than the one that failed.
 */
final class JdkAsyncSend {
    final CompletableFuture<Object> result = new CompletableFuture<>();

    private final HttpSite site;
    private final Guard guard;
    private final Object client;
    private volatile Object request;
    private final Object asked;
    private final LoadBalancer balancer;
    private volatile Endpoint endpoint;
    /** The endpoints this call's attempts went to, for {@link LoadBalancer#choose(Endpoint, long)}. */
    private volatile long tried;
    private final Object handler;
    private final Object pushHandler;
    private final AtomicInteger settled = new AtomicInteger();
    private volatile int attempt;
    private volatile long firstStart;
    private volatile long start;
    private volatile CompletableFuture<?> stage;
    private volatile Future<?> timer;

    JdkAsyncSend(HttpSite site, Guard guard, Object client, Object request, Object handler, Object pushHandler,
            Object asked, LoadBalancer balancer, Endpoint endpoint) {
        this.site = site;
        this.guard = guard;
        this.client = client;
        this.request = request;
        this.asked = asked;
        this.balancer = balancer;
        this.endpoint = endpoint;
        this.handler = handler;
        this.pushHandler = pushHandler;
    }

    /** The first attempt, whose permits the advice took and whose body already ran. */
    void begin(long startNanos, Object returned, Throwable thrown) {
        attempt = 1;
        firstStart = startNanos;
        start = startNanos;
        // A caller that cancels its future cancels the exchange under way, as with the client's own future.
        result.whenComplete((value, error) -> {
            CompletableFuture<?> s = stage;
            if (result.isCancelled() && s != null) {
                s.cancel(true);
            }
        });
        watch(1, returned, thrown);
    }

    private void watch(int a, Object returned, Throwable thrown) {
        if (thrown != null || !(returned instanceof CompletableFuture<?> f)) {
            settle(a, null, thrown != null ? thrown
                    : new NullPointerException("HttpClient.sendAsync returned no future"), false);
            return;
        }
        stage = f;
        long timeoutNanos = guard.asyncTimeoutNanos(firstStart);
        if (timeoutNanos > 0) {
            timer = guard.clock().schedule(() -> settle(a, null, new TimeoutExceededException(guard.timeout().name(),
                    site.server(), Duration.ofNanos(guard.reportedTimeoutNanos(timeoutNanos))), true), timeoutNanos);
        }
        f.whenComplete((value, error) -> settle(a, value, unwrap(error), false));
    }

    private void settle(int a, Object response, Throwable error, boolean timedOut) {
        if (!settled.compareAndSet(a - 1, a)) {
            return; // the timer and the future race; the first to settle this attempt wins
        }
        Future<?> t = timer;
        if (t != null && !timedOut) {
            t.cancel(false);
        }
        if (guard.timeout() != null) {
            guard.timeout().recordAsync(timedOut);
        }
        if (timedOut) {
            CompletableFuture<?> s = stage;
            if (s != null) {
                s.cancel(true);
            }
            guard.publishTimeout((TimeoutExceededException) error);
        }
        int status = error == null && response != null ? JdkHttpGuards.statusOf(response) : 0;
        Endpoint sentTo = endpoint;
        if (sentTo != null) {
            Routing.ended(site, balancer, sentTo, status, error);
        }
        long wait = JdkHttpGuards.onAttemptEnd(site, guard, request, response, status, error, start, a, firstStart);
        if (wait < 0) {
            if (error == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(JdkHttpGuards.forCaller(site, request, error));
            }
            return;
        }
        JdkHttpGuards.discardBody(response);
        Throwable previous = error != null ? error : new HttpStatusFailure(site.server(), status);
        if (wait == 0) {
            guard.clock().execute(() -> next(previous));
        } else {
            guard.clock().schedule(() -> guard.clock().execute(() -> next(previous)), wait);
        }
    }

    private void next(Throwable previous) {
        Throwable rejection = guard.acquireForAsyncRetry(previous, firstStart);
        if (rejection != null) {
            result.completeExceptionally(JdkHttpGuards.forCaller(site, request, rejection));
            return;
        }
        int a = attempt + 1;
        attempt = a;
        start = guard.now();
        if (result.isCancelled()) {
            // Cancelled while waiting: the attempt ends before it starts, giving back what it took.
            settled.set(a);
            guard.onAttemptEnd(start, new CancellationException(), a, firstStart, null, false);
            return;
        }
        if (balancer != null) {
            tried = balancer.tried(tried, endpoint);
            Endpoint e = balancer.choose(endpoint, tried);
            if (e == null) {
                // health checks took every endpoint out meanwhile: the attempt ends before it starts
                settled.set(a);
                NoHealthyEndpointException none = balancer.noHealthyEndpoint();
                none.addSuppressed(previous);
                guard.onAttemptEnd(start, none, a, firstStart, none, false);
                result.completeExceptionally(new HttpRejectedException(site.server(), JdkHttpGuards.methodOf(request),
                        none));
                return;
            }
            endpoint = e;
            request = Routing.jdkRequest(asked, e);
        }
        Object returned = null;
        Throwable thrown = null;
        try {
            HttpReentry.markNext();
            returned = JavaNetHttp.sendAsync(client, request, handler, pushHandler);
        } catch (Throwable e) {
            thrown = e;
        } finally {
            HttpReentry.clear();
        }
        watch(a, returned, thrown);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
