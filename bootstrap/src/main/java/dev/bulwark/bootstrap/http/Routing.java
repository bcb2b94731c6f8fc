package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.balance.NoHealthyEndpointException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.io.IOException;
import java.net.URI;

/**
 * What client advice calls for a request to a logical service ({@code http://orders/...}): each
 * attempt goes to an endpoint its {@link LoadBalancer} chooses, a retry to another than the one that
 * failed, and each attempt's outcome, judged the HTTP way, counts for its endpoint. A routed request
 * is a new request (a new URI), so routing allocates; requests to plain servers never come here.
 */
public final class Routing {
    private Routing() {
    }

    /**
     * The endpoint of a request's first attempt. With none in service, the request is refused at
     * once: {@link HttpRejectedException} naming the service, thrown after leaving the call depth.
     */
    public static Endpoint first(HttpSite site, LoadBalancer balancer, String method) throws IOException {
        Endpoint e = balancer.choose(null);
        if (e == null) {
            HttpCallDepth.exit();
            throw new HttpRejectedException(site.server(), method, balancer.noHealthyEndpoint());
        }
        return e;
    }

    /** Takes the first attempt's permits for a request sent to {@code e}; a refusal releases {@code e} first. */
    public static Object enter(HttpSite site, Guard guard, String method, LoadBalancer balancer, Endpoint e)
            throws IOException {
        try {
            return HttpGuards.enter(site, guard, method);
        } catch (IOException | RuntimeException refused) {
            balancer.release(e);
            throw refused;
        }
    }

    /** An attempt sent to {@code e} ended: a connect or I/O error, a timeout or a failure status counts against it. */
    public static void ended(HttpSite site, LoadBalancer balancer, Endpoint e, int status, Throwable thrown) {
        try {
            balancer.onEnd(e, HttpGuards.failureOf(site, thrown, status, HttpGuards.rules(site)) != null);
        } catch (RuntimeException | LinkageError bug) {
            BulwarkLog.warnOnce("routing-end", "cannot count an endpoint's outcome; its ejection may lag", bug);
        }
    }

    /** As {@link #ended}, with the JDK client's response. */
    public static void jdkEnded(HttpSite site, LoadBalancer balancer, Endpoint e, Object response, Throwable thrown) {
        ended(site, balancer, e, thrown == null && response != null ? JdkHttpGuards.statusOf(response) : 0, thrown);
    }

    /**
     * A retry found no endpoint in service (health checks took them all out): ends the attempt whose
     * permits were taken for it, leaves the call depth, and returns what the caller receives, with the
     * failure that caused the retry attached.
     */
    public static Throwable noEndpointForRetry(HttpSite site, LoadBalancer balancer, Guard guard, String method,
            Object timer, int attempt, long firstStart, Throwable previous) {
        NoHealthyEndpointException none = balancer.noHealthyEndpoint();
        if (previous != null) {
            none.addSuppressed(previous);
        }
        guard.stopTimer(timer, null);
        guard.onAttemptEnd(guard.now(), none, attempt, firstStart, none, false);
        HttpCallDepth.exit();
        return new HttpRejectedException(site.server(), method, none);
    }

    /**
     * The JDK client's request sent to {@code e}: its URI with the endpoint's host and port, path and
     * query kept; method, headers, body and timeout as they were. The JDK client writes the Host
     * header from the URI, so the endpoint sees its own {@code host:port}.
     */
    public static Object jdkRequest(Object request, Endpoint e) {
        try {
            return JavaNetHttp.withUri(request, routed(JavaNetHttp.uri(request), e));
        } catch (Throwable bug) {
            BulwarkLog.warnOnce("routing-jdk", "cannot route a JDK HttpClient request to an endpoint; it goes to the"
                    + " host as written", bug);
            return request;
        }
    }

    /** The endpoint's host as a client's host-name parameter wants it: an IPv6 address without its brackets. */
    public static String hostName(Endpoint e) {
        String host = e.host();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code uri} with the endpoint's host and port: scheme, user info, path and query kept as written. */
    public static URI routed(URI uri, Endpoint e) {
        StringBuilder b = new StringBuilder(64).append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            b.append(uri.getRawUserInfo()).append('@');
        }
        b.append(e.host()).append(':').append(e.port());
        String path = uri.getRawPath();
        b.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        return URI.create(b.toString());
    }
}
