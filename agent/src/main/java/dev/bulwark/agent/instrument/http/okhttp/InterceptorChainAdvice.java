package dev.bulwark.agent.instrument.http.okhttp;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.Routing;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Inlined into OkHttp's {@code RealCall.getResponseWithInterceptorChain}: the call passes its
 * server's guard. A call is never retried by Bulwark: OkHttp cannot run one call's chain twice, and
 * retries connection failures itself ({@code retryOnConnectionFailure}). A call to a logical service
 * goes to the endpoint its balancer chooses: {@link ProceedAdvice} sends it there.
 *
 * <p>OkHttp's types appear only inside the methods, never in their signatures: the agent reads this
 * class where OkHttp is absent, and a signature naming it would fail to load.
 */
public final class InterceptorChainAdvice {
    private InterceptorChainAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.This Object self,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) throws Exception {
        if (!HttpCallDepth.enter()) {
            return null; // inside a guarded call: the outermost is the one guarded
        }
        Call call = (Call) self;
        HttpUrl url = call.request().url();
        // OkHttp always knows a port: the scheme's own counts as none written, as a service's URL has
        int port = url.port() == HttpUrl.defaultPort(url.scheme()) ? -1 : url.port();
        HttpSite site = HttpGuards.site(url.scheme(), url.host(), port);
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = site.balancer();
        if (balancer == null) {
            timer = HttpGuards.enter(site, guard, call.request().method());
        } else {
            endpoint = Routing.first(site, balancer, call.request().method());
            timer = Routing.enter(site, guard, call.request().method(), balancer, endpoint);
            Routing.giveEndpoint(endpoint);
        }
        start = guard.now();
        return site;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter HttpSite site, @Advice.This Object self,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Return Object returned,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return;
        }
        Call call = (Call) self;
        thrown = guard.stopTimer(timer, thrown);
        int status = thrown == null && returned != null ? ((Response) returned).code() : 0;
        if (endpoint != null) {
            Routing.takeEndpoint(); // not taken when the chain never started
            Routing.ended(site, balancer, endpoint, status, thrown);
        }
        HttpGuards.onAttemptEnd(site, guard, call.request().method(), false, status, null, thrown, start, 1, start);
        HttpCallDepth.exit();
        thrown = HttpGuards.forCaller(site, call.request().method(), thrown);
    }
}
