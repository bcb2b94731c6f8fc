package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What HTTP client advice calls. Each server ({@code host:port}) gets one guard. A request's failure
 * is a connect error, an I/O error, a timeout, or a response whose status the server's rules count
 * (5xx and 429 by default); any other response is a success for the breaker. Only methods the rules
 * allow (idempotent ones by default) with a body that can be sent again are retried; a
 * {@code Retry-After} on 429 or 503 sets the least wait. Rejections leave as
 * {@link HttpRejectedException}, an IOException.
 *
 * <p>java.net.http types appear as Object here: that module is not visible from the bootstrap
 * class path ({@link JavaNetHttp} reaches it).
 */
public final class HttpGuards {

    /** How the agent plans a server's guard from its rules. */
    public interface Planner {
        /** Whether HTTP calls are guarded at all; called per call, so it must be cheap. */
        boolean enabled();

        GuardPlan plan(String server);

        /** The server's HTTP judgement; called per call, so it must be cheap. */
        ServerRules rules(String server);
    }

    private static volatile Planner planner;
    // By raw authority, which the URI keeps: finding the site of a request allocates nothing.
    private static final ConcurrentHashMap<String, HttpSite> HTTP_SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, HttpSite> HTTPS_SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, HttpSite> BY_SERVER = new ConcurrentHashMap<>();
    private static final ServerRules DEFAULT_RULES = ServerRules.defaults();

    private HttpGuards() {
    }

    public static void install(Planner p) {
        planner = p;
    }

    /** The site of the server a request goes to, or null when HTTP is not guarded or the URI is not http(s). */
    public static HttpSite site(URI uri) {
        return uri == null ? null : site(uri.getScheme(), uri.getRawAuthority(), uri.getHost(), uri.getPort(),
                uri.getRawUserInfo() != null);
    }

    /**
     * The site of a server given by the parts of its URL, which URI and URL both keep (so finding it
     * allocates nothing), or null when HTTP is not guarded or the scheme is not http(s).
     */
    static HttpSite site(String scheme, String authority, String host, int port, boolean hasUserInfo) {
        try {
            Planner p = planner;
            if (p == null || !p.enabled()) {
                return null;
            }
            int defaultPort = ServerKey.defaultPort(scheme);
            if (defaultPort < 0 || authority == null || host == null || host.isEmpty()) {
                return null;
            }
            if (hasUserInfo) {
                // credentials are never kept, not even as a cache key
                return siteOf(ServerKey.of(host, port < 0 ? defaultPort : port));
            }
            ConcurrentHashMap<String, HttpSite> sites = defaultPort == 80 ? HTTP_SITES : HTTPS_SITES;
            HttpSite site = sites.get(authority);
            if (site == null) {
                site = sites.computeIfAbsent(authority, a -> siteOf(ServerKey.of(host, port < 0 ? defaultPort : port)));
            }
            return site;
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-site", "cannot guard HTTP requests; they run unguarded", e);
            return null;
        }
    }

    /**
     * The site of a server for a client that keeps no URI (Apache HttpClient, OkHttp): its key is
     * built per call. Null when HTTP is not guarded or the scheme is not http(s).
     */
    public static HttpSite site(String scheme, String host, int port) {
        try {
            Planner p = planner;
            int defaultPort = ServerKey.defaultPort(scheme);
            if (p == null || !p.enabled() || defaultPort < 0 || host == null || host.isEmpty()) {
                return null;
            }
            return siteOf(ServerKey.of(host, port < 0 ? defaultPort : port));
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-site", "cannot guard HTTP requests; they run unguarded", e);
            return null;
        }
    }

    private static HttpSite siteOf(String server) {
        HttpSite site = BY_SERVER.get(server);
        if (site == null) {
            site = BY_SERVER.computeIfAbsent(server, k -> new HttpSite(k,
                    Registry.global().register("http:" + k, () -> planner.plan(k))));
        }
        return site;
    }

    /** The server's rules in force. */
    static ServerRules rules(HttpSite site) {
        Planner p = planner;
        ServerRules r = p == null ? null : p.rules(site.server());
        return r == null ? DEFAULT_RULES : r;
    }

    /**
     * Takes the first attempt's permits; returns its timer. A refusal is thrown as
     * {@link HttpRejectedException} after leaving the call depth.
     */
    public static Object enter(HttpSite site, Guard guard, String method) throws IOException {
        try {
            return guard.enter();
        } catch (BulwarkException rejection) {
            HttpCallDepth.exit();
            throw new HttpRejectedException(site.server(), method, rejection);
        }
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

    /**
     * Whether an attempt's outcome counts against the server; only then need a client's advice look
     * at the request's body and the response's {@code Retry-After}.
     */
    public static boolean failed(HttpSite site, int status, Throwable thrown) {
        return failureOf(site, thrown, status, rules(site)) != null;
    }

    /**
     * Ends an attempt of a client whose advice read the request and response itself.
     *
     * @param replayable whether the request's body (if any) can be sent again; only read on failure
     * @param retryAfter the response's {@code Retry-After}, or null; only read on failure
     * @return nanos to wait before another attempt, or -1 when the outcome stands
     */
    public static long onAttemptEnd(HttpSite site, Guard guard, String method, boolean replayable, int status,
            String retryAfter, Throwable thrown, long start, int attempt, long firstStart) {
        ServerRules rules = rules(site);
        Throwable failure = failureOf(site, thrown, status, rules);
        boolean mayRetry = failure != null && replayable && rules.mayRetry(method);
        long notBefore = mayRetry && (status == 429 || status == 503)
                ? RetryAfter.nanos(retryAfter, guard.clock().wallMillis()) : 0;
        return guard.onAttemptEnd(start, thrown != null ? thrown : failure, attempt, firstStart, failure, mayRetry,
                notBefore);
    }

    /**
     * Waits, then takes the next attempt's permits: returns its timer (null for none) or
     * {@link Guard#STOP}. {@code discarded}, the failed attempt's response, is closed unless the
     * retry stops (then it is the outcome). A refusal is thrown as {@link HttpRejectedException}
     * after leaving the call depth.
     */
    public static Object beginNextAttempt(HttpSite site, Guard guard, String method, long wait, Throwable thrown,
            int status, AutoCloseable discarded) throws IOException {
        Throwable previous = thrown != null ? thrown : new HttpStatusFailure(site.server(), status);
        try {
            Object next = guard.beginNextAttempt(wait, previous);
            if (next == Guard.STOP) {
                HttpCallDepth.exit();
                return next;
            }
            close(discarded);
            return next;
        } catch (BulwarkException rejection) {
            HttpCallDepth.exit();
            close(discarded);
            throw new HttpRejectedException(site.server(), method, rejection);
        }
    }

    /** What the caller receives for a final failure: Bulwark's own timeout becomes an {@link HttpRejectedException}. */
    public static Throwable forCaller(HttpSite site, String method, Throwable thrown) {
        if (thrown instanceof BulwarkException b) {
            return new HttpRejectedException(site.server(), method, b);
        }
        return thrown;
    }

    private static void close(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // a response we drop: failing to close it leaves it to the collector
        }
    }

    static long onAttemptEnd(HttpSite site, Guard guard, Object request, Object response, int status,
            Throwable thrown, long start, int attempt, long firstStart) {
        ServerRules rules = rules(site);
        Throwable failure = failureOf(site, thrown, status, rules);
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
     * What the breaker and the retry count as a failure: an I/O error (connect, reset, the client's
     * own timeout), Bulwark's timeout, or a failure status. An interrupt or a bad request is not the
     * server's fault.
     */
    static Throwable failureOf(HttpSite site, Throwable thrown, int status, ServerRules rules) {
        if (thrown != null) {
            return thrown instanceof IOException || thrown instanceof TimeoutExceededException ? thrown : null;
        }
        return rules.isFailure(status) ? new HttpStatusFailure(site.server(), status) : null;
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
        JdkAsyncSend call = new JdkAsyncSend(site, guard, client, request, handler, pushHandler);
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
