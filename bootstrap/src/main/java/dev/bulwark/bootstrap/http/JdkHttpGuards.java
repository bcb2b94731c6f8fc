package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.guard.Guard;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * What the JDK {@code HttpClient}'s advice calls, on top of {@link HttpGuards}: this client's
 * request and response reached through {@link JavaNetHttp}, since java.net.http types cannot be
 * named from the bootstrap class path. A request is retried only with a body that can be sent again.
 */
public final class JdkHttpGuards {
    private JdkHttpGuards() {
    }

    /**
     * Ends an attempt of {@code HttpClient.send}: judges it the HTTP way, then asks the guard what
     * comes next.
     *
     * @return nanos to wait before another attempt, or -1 when the outcome stands
     */
    public static long onJdkAttemptEnd(HttpSite site, Guard guard, Object request, Object response,
            Throwable thrown, long start, int attempt, long firstStart) {
        int status = thrown == null && response != null ? statusOf(response) : 0;
        return onAttemptEnd(site, guard, request, response, status, thrown, start, attempt, firstStart);
    }

    static long onAttemptEnd(HttpSite site, Guard guard, Object request, Object response, int status,
            Throwable thrown, long start, int attempt, long firstStart) {
        HttpClientDurations.record(site, methodOf(request), status, thrown, guard.now() - start);
        ServerRules rules = HttpGuards.rules(site);
        Throwable failure = HttpGuards.failureOf(site, thrown, status, rules);
        long notBefore = 0;
        boolean mayRetry = false;
        if (failure != null) {
            mayRetry = rules.mayRetry(methodOf(request)) && JavaNetHttp.replayable(request);
            if (mayRetry && (status == 429 || status == 503)) {
                notBefore = RetryAfter.nanos(headerOf(response, "Retry-After"), guard.clock().wallMillis());
            }
        }
        return guard.onAttemptEnd(start, thrown != null ? thrown : failure, attempt, firstStart, failure, mayRetry,
                notBefore);
    }

    /**
     * Waits, then takes the next attempt's permits: returns its timer (null for none) or
     * {@link Guard#STOP}. The discarded attempt's response body is closed. A refusal is thrown as
     * {@link HttpRejectedException} after leaving the call depth.
     */
    public static Object beginNextJdkAttempt(HttpSite site, Guard guard, Object request, long wait,
            Throwable thrown, Object response) throws IOException {
        Throwable previous = thrown != null ? thrown : new HttpStatusFailure(site.server(), statusOf(response));
        try {
            Object next = guard.beginNextAttempt(wait, previous);
            if (next == Guard.STOP) {
                HttpCallDepth.exit();
                return next;
            }
            discardBody(response);
            return next;
        } catch (BulwarkException rejection) {
            HttpCallDepth.exit();
            discardBody(response);
            throw new HttpRejectedException(site.server(), methodOf(request), rejection);
        }
    }

    /** What the caller receives for a final failure: Bulwark's own timeout becomes an {@link HttpRejectedException}. */
    public static Throwable forCaller(HttpSite site, Object request, Throwable thrown) {
        if (thrown instanceof BulwarkException b) {
            return new HttpRejectedException(site.server(), methodOf(request), b);
        }
        return thrown;
    }

    /**
     * {@code HttpClient.sendAsync}: the future the caller receives in place of the one the first
     * attempt returned. A rejection (the body did not run) arrives as that future's failure.
     */
    public static CompletableFuture<Object> sendAsync(HttpSite site, Guard guard, Object client, Object request,
            Object handler, Object pushHandler, long start, Throwable rejected, Object returned, Throwable thrown) {
        return sendAsync(site, guard, client, request, handler, pushHandler, start, rejected, returned, thrown, null,
                null, null);
    }

    /**
     * As {@link #sendAsync(HttpSite, Guard, Object, Object, Object, Object, long, Throwable, Object, Throwable)},
     * for a request to a logical service: {@code request} went to {@code endpoint} (null when the
     * request was rejected), {@code asked} is the request as the caller wrote it, which each retry
     * routes again.
     */
    public static CompletableFuture<Object> sendAsync(HttpSite site, Guard guard, Object client, Object request,
            Object handler, Object pushHandler, long start, Throwable rejected, Object returned, Throwable thrown,
            Object asked, dev.bulwark.bootstrap.balance.LoadBalancer balancer,
            dev.bulwark.bootstrap.balance.Endpoint endpoint) {
        JdkAsyncSend call = new JdkAsyncSend(site, guard, client, request, handler, pushHandler, asked, balancer,
                endpoint);
        if (rejected != null) {
            call.result.completeExceptionally(forCaller(site, request, rejected));
        } else {
            call.begin(start, returned, thrown);
        }
        return call.result;
    }

    static int statusOf(Object response) {
        try {
            return JavaNetHttp.statusCode(response);
        } catch (Throwable e) {
            return 0;
        }
    }

    static String methodOf(Object request) {
        try {
            return JavaNetHttp.method(request);
        } catch (Throwable e) {
            return "request";
        }
    }

    private static String headerOf(Object response, String name) {
        try {
            return response == null ? null : JavaNetHttp.header(response, name);
        } catch (Throwable e) {
            return null;
        }
    }

    /** A response that is dropped for a retry: its body, if it is a stream, is closed so its connection is freed. */
    static void discardBody(Object response) {
        try {
            Object body = response == null ? null : JavaNetHttp.body(response);
            if (body instanceof AutoCloseable c) {
                c.close();
            }
        } catch (Throwable e) {
            // the body was not ours to keep; failing to close it leaves it to the collector
        }
    }
}
