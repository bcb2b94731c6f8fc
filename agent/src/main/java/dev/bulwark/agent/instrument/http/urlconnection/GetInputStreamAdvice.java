package dev.bulwark.agent.instrument.http.urlconnection;

import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.Routing;
import dev.bulwark.bootstrap.http.UrlConnectionGuards;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.getInputStream}: the first call of a connection sends its
 * request and passes its server's guard; later calls return what the first one got and are not
 * counted again, nor is a call after a rejection. A connection to a logical service that has not connected yet gets the URL of the
 * endpoint its balancer chooses, before it connects.
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
        start = guard.now();
        return site;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter HttpSite site, @Advice.This HttpURLConnection connection,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return;
        }
        thrown = UrlConnectionGuards.onEnd(site, guard, connection, timer, start, thrown, balancer, endpoint);
    }
}
