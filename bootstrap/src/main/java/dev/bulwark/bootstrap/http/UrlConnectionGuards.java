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
 * What {@code HttpURLConnection} advice calls. A connection sends its request once, when its
 * response is first asked for ({@code getInputStream}, or {@code getResponseCode} through it); that
 * is the guarded call. A connection object cannot send its request again, so it is never retried.
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
     * As {@link #onEnd(HttpSite, Guard, HttpURLConnection, Object, long, Throwable)}; the outcome also
     * counts for endpoint {@code e} (null: the connection was not routed).
     */
    public static Throwable onEnd(HttpSite site, Guard guard, HttpURLConnection connection, Object timer, long start,
            Throwable thrown, LoadBalancer balancer, Endpoint e) {
        try {
            Throwable outcome = guard.stopTimer(timer, thrown);
            int status = outcome == thrown ? statusOf(connection) : 0;
            HttpClientDurations.record(site, connection.getRequestMethod(), status, outcome, guard.now() - start);
            if (e != null) {
                Routing.ended(site, balancer, e, status, status > 0 ? null : outcome);
            }
            return judge(site, guard, connection, start, outcome, status);
        } finally {
            HttpCallDepth.exit();
        }
    }

    /**
     * Ends the call: the status decides when there is one (a 404 is the caller's business even though
     * {@code getInputStream} throws for it), else the exception. Leaves the call depth.
     *
     * @return what the caller receives: {@code thrown}, or a rejection in place of Bulwark's timeout
     */
    public static Throwable onEnd(HttpSite site, Guard guard, HttpURLConnection connection, Object timer, long start,
            Throwable thrown) {
        return onEnd(site, guard, connection, timer, start, thrown, null, null);
    }

    /** The outcome judged for the breaker: the status when there is one, else the exception. */
    private static Throwable judge(HttpSite site, Guard guard, HttpURLConnection connection, long start,
            Throwable outcome, int status) {
        ServerRules rules = HttpGuards.rules(site);
        Throwable failure;
        if (status > 0) {
            failure = rules.isFailure(status) ? new HttpStatusFailure(site.server(), status) : null;
        } else {
            failure = HttpGuards.failureOf(site, outcome, 0, rules);
        }
        guard.onAttemptEnd(start, outcome != null ? outcome : failure, 1, start, failure, false);
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
