package dev.bulwark.bootstrap.http;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * What {@code HttpURLConnection} advice calls. A connection sends its request when its response is
 * first asked for ({@code getInputStream}, or {@code getResponseCode} through it); that is the guarded
 * call. A retry sends it again from the same connection object once {@link UrlConnectionExchange}
 * cleared the failed exchange, so the caller sees the last attempt as if it were the only one.
 * With a timeout policy, a connection whose connect or read timeout is unset gets the policy's
 * duration: a blocked socket read does not answer an interrupt.
 */
public final class UrlConnectionGuards {
    private UrlConnectionGuards() {
    }

    /** The site of the connection's server, or null when not guarded. */
    public static HttpSite site(HttpURLConnection connection) {
        URL url = connection.getURL();
        return url == null ? null : HttpGuards.site(url.getProtocol(), url.getAuthority(), url.getHost(), url.getPort(),
                url.getUserInfo() != null);
    }

    /** Takes the permits; returns the timer. A refusal is thrown after leaving the call depth. */
    public static Object enter(HttpSite site, Guard guard, HttpURLConnection connection) throws IOException {
        Object timer;
        try {
            timer = guard.enter();
        } catch (BulwarkException rejection) {
            HttpCallDepth.exit();
            throw new HttpRejectedException(site.server(), connection.getRequestMethod(), rejection);
        }
        if (guard.timeout() != null) {
            long nanos = guard.timeout().rules().durationNanos();
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
            if (connection.getConnectTimeout() == 0) {
                connection.setConnectTimeout(millis);
            }
            if (connection.getReadTimeout() == 0) {
                connection.setReadTimeout(millis);
            }
        }
        return timer;
    }

    /**
     * As {@link #enter(HttpSite, Guard, HttpURLConnection)}, for a connection routed to endpoint
     * {@code e}: a refusal releases it.
     */
    public static Object enter(HttpSite site, Guard guard, HttpURLConnection connection, LoadBalancer balancer,
            Endpoint e) throws IOException {
        try {
            return enter(site, guard, connection);
        } catch (IOException | RuntimeException refused) {
            balancer.release(e);
            throw refused;
        }
    }

    /**
     * The connection's URL sent to endpoint {@code e}: its host and port replaced, the rest kept, so
     * that the connection connects there and writes the endpoint's {@code host:port} as its Host header.
     */
    public static URL routed(URL url, Endpoint e) {
        try {
            return new URL(url.getProtocol(), Routing.hostName(e), e.port(), url.getFile());
        } catch (MalformedURLException | RuntimeException bug) {
            BulwarkLog.warnOnce("routing-url", "cannot route an HttpURLConnection to an endpoint; it goes to the host"
                    + " as written", bug);
            return url;
        }
    }

    /**
     * Ends an attempt: records it, counts it for endpoint {@code e} (null: not routed), judges it for
     * the breaker (the status when there is one, a 404 included even though {@code getInputStream}
     * throws for it; else the exception) and asks the retry what comes next. The connection is sent
     * again only for a failure, a method the rules retry, a request without a body that the JDK did
     * not redirect meanwhile, on a JDK whose connection state Bulwark can reset.
     *
     * @param outcome the attempt's exception once the guard's timer stopped: the JDK's, or Bulwark's timeout
     * @param timedOut whether Bulwark's timeout took the place of the attempt's outcome (no status is read then)
     * @param redirected whether the connection's URL is no longer the one the attempt was sent to
     * @return nanos to wait before another attempt, or -1 when the outcome stands (the call depth is then left)
     */
    public static long onAttemptEnd(HttpSite site, Guard guard, HttpURLConnection connection, Throwable outcome,
            boolean timedOut, long start, int attempt, long firstStart, LoadBalancer balancer, Endpoint e,
            boolean redirected) {
        long wait = -1;
        try {
            int status = timedOut ? 0 : statusOf(connection);
            String method = connection.getRequestMethod();
            HttpClientDurations.record(site, method, status, outcome, guard.now() - start);
            if (e != null) {
                Routing.ended(site, balancer, e, status, status > 0 ? null : outcome);
            }
            ServerRules rules = HttpGuards.rules(site);
            Throwable failure;
            Throwable forRetry;
            if (status > 0) {
                failure = rules.isFailure(status) ? new HttpStatusFailure(site.server(), status) : null;
                forRetry = failure; // the status decides: a 404 answered, a 503 failed
            } else {
                failure = HttpGuards.failureOf(site, outcome, 0, rules);
                forRetry = outcome;
            }
            boolean mayRetry = failure != null && !redirected && rules.mayRetry(method)
                    && UrlConnectionExchange.resendable(connection, balancer != null);
            long notBefore = mayRetry && (status == 429 || status == 503)
                    ? RetryAfter.nanos(connection.getHeaderField("Retry-After"), guard.clock().wallMillis()) : 0;
            wait = guard.onAttemptEnd(start, forRetry, attempt, firstStart, failure, mayRetry, notBefore);
            return wait;
        } finally {
            if (wait < 0) {
                HttpCallDepth.exit();
            }
        }
    }

    /**
     * Waits, then takes the next attempt's permits and clears the failed exchange from the connection
     * (its connection closed, its response forgotten). Returns the next attempt's timer (null for
     * none), or {@link Guard#STOP} when the wait was interrupted: the failed attempt then stands as it
     * came. A refusal also clears the exchange (the refusal is the outcome), and is thrown as
     * {@link HttpRejectedException} after leaving the call depth.
     */
    public static Object beginNextAttempt(HttpSite site, Guard guard, HttpURLConnection connection, long wait,
            Throwable outcome) throws IOException {
        int status = outcome instanceof BulwarkException ? 0 : statusOf(connection);
        Throwable previous = status > 0 ? new HttpStatusFailure(site.server(), status) : outcome;
        Object next;
        try {
            next = guard.beginNextAttempt(wait, previous);
        } catch (BulwarkException rejection) {
            HttpCallDepth.exit();
            UrlConnectionExchange.clear(connection);
            throw new HttpRejectedException(site.server(), connection.getRequestMethod(), rejection);
        }
        if (next == Guard.STOP) {
            HttpCallDepth.exit();
            return next;
        }
        UrlConnectionExchange.clear(connection);
        return next;
    }

    /**
     * The URL of a retry sent to endpoint {@code to}, the previous attempt having gone to {@code from}:
     * the connection's {@code Host} header follows when the JDK wrote it from the URL.
     */
    public static URL rerouted(HttpURLConnection connection, URL from, Endpoint to) {
        URL next = routed(from, to);
        UrlConnectionExchange.reroute(connection, from, next);
        return next;
    }

    /** What the caller receives for a final failure: Bulwark's own timeout becomes an {@link HttpRejectedException}. */
    public static Throwable forCaller(HttpSite site, HttpURLConnection connection, Throwable outcome) {
        if (outcome instanceof BulwarkException b) {
            return new HttpRejectedException(site.server(), connection.getRequestMethod(), b);
        }
        return outcome;
    }

    /** The response's status, or 0 when none arrived. Asked inside the call depth, so it is not guarded again. */
    private static int statusOf(HttpURLConnection connection) {
        try {
            return Math.max(0, connection.getResponseCode());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
