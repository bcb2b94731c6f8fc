package dev.bulwark.agent.instrument.http.jdk;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.JdkHttpGuards;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.send}: the request passes its server's guard; a failure the
 * rules allow to retry re-runs the body (the request is sent again) after the wait.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.Argument(0) HttpRequest request,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start) throws Exception {
        if (!HttpCallDepth.enter()) {
            return null; // a call inside a guarded one: the outermost is the one guarded
        }
        HttpSite site = HttpGuards.site(request.uri());
        if (site == null) {
            return null;
        }
        guard = site.guard();
        timer = HttpGuards.enter(site, guard, request.method());
        start = guard.now();
        return site;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter HttpSite site, @Advice.Argument(0) HttpRequest request,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Return(readOnly = false) HttpResponse<?> response,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return false;
        }
        if (attempt == 0) {
            firstStart = start;
        }
        thrown = guard.stopTimer(timer, thrown);
        long wait = JdkHttpGuards.onJdkAttemptEnd(site, guard, request, response, thrown, start, attempt + 1,
                firstStart);
        if (wait < 0) {
            HttpCallDepth.exit();
            thrown = JdkHttpGuards.forCaller(site, request, thrown);
            return false;
        }
        Object next = JdkHttpGuards.beginNextJdkAttempt(site, guard, request, wait, thrown, response);
        if (next == Guard.STOP) {
            thrown = JdkHttpGuards.forCaller(site, request, thrown);
            return false;
        }
        timer = next;
        start = guard.now();
        attempt++;
        thrown = null;
        response = null;
        return true;
    }
}
