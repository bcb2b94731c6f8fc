package dev.bulwark.agent.instrument.http.jdk;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.JdkHttpGuards;
import dev.bulwark.bootstrap.http.Routing;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.send}: the request passes its server's guard; a failure the
 * rules allow to retry re-runs the body (the request is sent again) after the wait. A request to a
 * logical service is replaced, per attempt, by one sent to the endpoint its balancer chooses.
 */
public final class SendAdvice {
    private SendAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAsked") HttpRequest asked,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) throws Exception {
        if (!HttpCallDepth.enter()) {
            return null; // a call inside a guarded one: the outermost is the one guarded
        }
        HttpSite site = HttpGuards.site(request.uri());
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = site.balancer();
        if (balancer == null) {
            timer = HttpGuards.enter(site, guard, request.method());
        } else {
            asked = request;
            endpoint = Routing.first(site, balancer, asked.method());
            timer = Routing.enter(site, guard, asked.method(), balancer, endpoint);
            request = (HttpRequest) Routing.jdkRequest(asked, endpoint);
        }
        start = guard.now();
        return site;
    }

    // backupArguments = false: a retry writes the next endpoint's request where the repeated body reads it
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
            backupArguments = false)
    static boolean onExit(@Advice.Enter HttpSite site,
            @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Local("bulwarkAsked") HttpRequest asked,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Local("bulwarkTried") long tried,
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
        if (endpoint != null) {
            Routing.jdkEnded(site, balancer, endpoint, response, thrown);
        }
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
        if (balancer != null) {
            tried = balancer.tried(tried, endpoint);
            endpoint = balancer.choose(endpoint, tried);
            if (endpoint == null) {
                thrown = Routing.noEndpointForRetry(site, balancer, guard, asked.method(), next, attempt + 2,
                        firstStart, thrown);
                response = null;
                return false;
            }
            request = (HttpRequest) Routing.jdkRequest(asked, endpoint);
        }
        timer = next;
        start = guard.now();
        attempt++;
        thrown = null;
        response = null;
        return true;
    }
}
