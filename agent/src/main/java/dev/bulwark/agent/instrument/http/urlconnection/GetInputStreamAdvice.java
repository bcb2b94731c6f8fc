package dev.bulwark.agent.instrument.http.urlconnection;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.UrlConnectionGuards;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.getInputStream}: the first call of a connection sends its
 * request and passes its server's guard; later calls return what the first one got and are not
 * counted again.
 */
public final class GetInputStreamAdvice {
    private GetInputStreamAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.This HttpURLConnection connection,
            @Advice.FieldValue("inputStream") InputStream answered,
            @Advice.FieldValue("rememberedException") Exception failed,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start) throws Exception {
        if (!HttpCallDepth.enter() || answered != null || failed != null) {
            return null; // inside a guarded call, or the request was sent and judged already
        }
        HttpSite site = UrlConnectionGuards.site(connection);
        if (site == null) {
            return null;
        }
        guard = site.guard();
        timer = UrlConnectionGuards.enter(site, guard, connection);
        start = guard.now();
        return site;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter HttpSite site, @Advice.This HttpURLConnection connection,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return;
        }
        thrown = UrlConnectionGuards.onEnd(site, guard, connection, timer, start, thrown);
    }
}
