package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.telemetry.OwnTraffic;
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
 * {@link HttpRejectedException}, an IOException. Each client's advice reads its own request and
 * response and passes plain values here ({@link JdkHttpGuards} does it for the JDK client, whose
 * types the bootstrap class path cannot name).
 */
public final class HttpGuards {

    /** How the agent plans a server's guard from its rules. */
    public interface Planner {
        /** Whether HTTP calls are guarded at all; called per call, so it must be cheap. */
        boolean enabled();

        GuardPlan plan(String server);

        /** The server's HTTP judgement; called per call, so it must be cheap. */
        ServerRules rules(String server);

        /**
         * The load balancer of the logical service {@code name} (lower case), or null when no service
         * has that name; called per routed call, so it must be cheap.
         */
        default LoadBalancer balancer(String name) {
            return null;
        }
    }

    private static volatile Planner planner;
    // By raw authority, which the URI keeps: finding the site of a request allocates nothing.
    private static final ConcurrentHashMap<String, HttpSite> HTTP_SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, HttpSite> HTTPS_SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, HttpSite> BY_SERVER = new ConcurrentHashMap<>();
    // By host and port as Apache HttpClient and OkHttp keep them: finding the site of a request allocates nothing.
    private static final HostPortSites HOST_PORT_SITES = new HostPortSites();
    private static final ServerRules DEFAULT_RULES = ServerRules.defaults();

    private HttpGuards() {
    }

    public static void install(Planner p) {
        planner = p;
    }

    /** Whether HTTP requests are guarded at all. */
    static boolean enabled() {
        Planner p = planner;
        return p != null && p.enabled();
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
            if (defaultPort < 0 || authority == null || host == null || host.isEmpty()
                    || OwnTraffic.isOwn(host, port < 0 ? defaultPort : port)) {
                return null; // not http(s), or Bulwark's own exports to its collector
            }
            if (hasUserInfo) {
                // credentials are never kept, not even as a cache key
                return siteFor(host, port, defaultPort);
            }
            ConcurrentHashMap<String, HttpSite> sites = defaultPort == 80 ? HTTP_SITES : HTTPS_SITES;
            HttpSite site = sites.get(authority);
            if (site == null) {
                site = sites.computeIfAbsent(authority, a -> siteFor(host, port, defaultPort));
            }
            return site;
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-site", "cannot guard HTTP requests; they run unguarded", e);
            return null;
        }
    }

    /**
     * The site of a server for a client that keeps no URI (Apache HttpClient, OkHttp), found without
     * allocating once seen. Null when HTTP is not guarded or the scheme is not http(s).
     */
    public static HttpSite site(String scheme, String host, int port) {
        try {
            Planner p = planner;
            int defaultPort = ServerKey.defaultPort(scheme);
            if (p == null || !p.enabled() || defaultPort < 0 || host == null || host.isEmpty()
                    || OwnTraffic.isOwn(host, port < 0 ? defaultPort : port)) {
                return null;
            }
            HttpSite site = HOST_PORT_SITES.find(host, port, defaultPort);
            return site != null ? site : HOST_PORT_SITES.add(host, port, defaultPort, siteFor(host, port, defaultPort));
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-site", "cannot guard HTTP requests; they run unguarded", e);
            return null;
        }
    }

    /** A logical service when the host names one and no port is written, else the server {@code host:port}. */
    private static HttpSite siteFor(String host, int port, int defaultPort) {
        if (port < 0) {
            String name = host.toLowerCase(java.util.Locale.ROOT);
            if (balancer(name) != null) {
                HttpSite site = BY_SERVER.get(name);
                if (site == null) {
                    // No colon in a service's key: it never meets a server's host:port.
                    site = BY_SERVER.computeIfAbsent(name, k -> new HttpSite(k,
                            Registry.global().register("http:" + k, () -> planner.plan(k)), true));
                }
                return site;
            }
        }
        return siteOf(ServerKey.of(host, port < 0 ? defaultPort : port));
    }

    /** The balancer of the logical service {@code name}, or null. */
    static LoadBalancer balancer(String name) {
        try {
            Planner p = planner;
            return p == null ? null : p.balancer(name);
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-balancer", "cannot load-balance HTTP requests; they go to the host as written",
                    e);
            return null;
        }
    }

    /**
     * Forgets which site each URL authority maps to, after the logical services changed: a name may
     * now be a service, or no longer one.
     */
    public static void forgetSites() {
        HTTP_SITES.clear();
        HTTPS_SITES.clear();
        HOST_PORT_SITES.clear();
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
        HttpClientDurations.record(site, method, status, thrown, guard.now() - start);
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
}
