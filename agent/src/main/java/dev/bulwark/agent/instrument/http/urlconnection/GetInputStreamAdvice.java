package dev.bulwark.agent.instrument.http.urlconnection;

import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.Routing;
import dev.bulwark.bootstrap.http.UrlConnectionExchange;
import dev.bulwark.bootstrap.http.UrlConnectionGuards;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.net.HttpURLConnection;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.getInputStream}: the first call of a connection sends its
 * request and passes its server's guard; a failure the rules allow to retry, of a request without a
 * body, clears the failed exchange from the connection and re-runs the body after the wait, so the
 * request is sent again and the caller sees the last attempt as the connection's only one. Later
 * calls return what the call got and are not counted again, nor is a call after a rejection. A
 * connection to a logical service that has not connected yet gets the URL of the endpoint its
 * balancer chooses, before it connects, and each retry another endpoint's.
 */
public final class GetInputStreamAdvice {
    private GetInputStreamAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.This HttpURLConnection connection,
            @Advice.FieldValue("inputStream") InputStream answered,
            @Advice.FieldValue(value = "rememberedException", readOnly = false) Exception failed,
            @Advice.FieldValue("connected") boolean connected,
            @Advice.FieldValue(value = "url", readOnly = false) URL url,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkSent") URL sent,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) throws Exception {
        if (!HttpCallDepth.enter() || answered != null || failed != null) {
            return null; // inside a guarded call, or the request was sent and judged already
        }
        HttpSite site = UrlConnectionGuards.site(connection);
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = connected ? null : site.balancer();
        try {
            if (balancer == null) {
                timer = UrlConnectionGuards.enter(site, guard, connection);
            } else {
                endpoint = Routing.first(site, balancer, connection.getRequestMethod());
                timer = UrlConnectionGuards.enter(site, guard, connection, balancer, endpoint);
                url = UrlConnectionGuards.routed(url, endpoint);
            }
        } catch (HttpRejectedException refused) {
            // Remembered as the JDK remembers its own failures: getResponseCode asks getInputStream
            // again (through getHeaderField), which must rethrow this, not pass the guard a second time.
            failed = refused;
            throw refused;
        }
        sent = url;
        start = guard.now();
        return site;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter HttpSite site, @Advice.This HttpURLConnection connection,
            @Advice.FieldValue(value = "rememberedException", readOnly = false) Exception failed,
            @Advice.FieldValue(value = "url", readOnly = false) URL url,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Local("bulwarkSent") URL sent,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Local("bulwarkTried") long tried,
            @Advice.Return(readOnly = false) InputStream returned,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return false;
        }
        if (UrlConnectionExchange.unresolved()) {
            // once per JVM: this lookup, made inside the JDK's connection class, reaches the state a retry resets
            UrlConnectionExchange.resolve(MethodHandles.lookup());
        }
        if (attempt == 0) {
            firstStart = start;
        }
        Throwable outcome = guard.stopTimer(timer, thrown);
        long wait = UrlConnectionGuards.onAttemptEnd(site, guard, connection, outcome, outcome != thrown, start,
                attempt + 1, firstStart, balancer, endpoint, url != sent);
        if (wait < 0) {
            thrown = UrlConnectionGuards.forCaller(site, connection, outcome);
            return false;
        }
        Object next;
        try {
            next = UrlConnectionGuards.beginNextAttempt(site, guard, connection, wait, outcome);
        } catch (HttpRejectedException refused) {
            failed = refused; // the failed exchange is cleared: the refusal is what the connection answers now
            throw refused;
        }
        if (next == Guard.STOP) {
            thrown = UrlConnectionGuards.forCaller(site, connection, outcome);
            return false;
        }
        if (balancer != null) {
            tried = balancer.tried(tried, endpoint);
            Endpoint last = endpoint;
            endpoint = balancer.choose(last, tried);
            if (endpoint == null) {
                thrown = Routing.noEndpointForRetry(site, balancer, guard, connection.getRequestMethod(), next,
                        attempt + 2, firstStart, outcome);
                failed = (Exception) thrown;
                returned = null;
                return false;
            }
            if (endpoint != last) {
                url = UrlConnectionGuards.rerouted(connection, url, endpoint);
            }
        }
        sent = url;
        timer = next;
        start = guard.now();
        attempt++;
        thrown = null;
        returned = null;
        return true;
    }
}
