package dev.bulwark.agent.instrument.http.jdk;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpReentry;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.JdkHttpGuards;
import dev.bulwark.bootstrap.http.Routing;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code HttpClientImpl.sendAsync(request, handler, pushHandler)}: the caller gets a
 * future that Bulwark completes once the attempts are judged, without blocking any thread. A
 * rejection skips the body and arrives as that future's failure; so does a request to a logical
 * service with no endpoint in service. Otherwise such a request is replaced by one sent to the
 * endpoint its balancer chooses.
 */
public final class SendAsyncAdvice {
    private SendAsyncAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Throwable onEnter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request,
            @Advice.Local("bulwarkSite") HttpSite site,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAsked") HttpRequest asked,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) {
        if (HttpReentry.consume() || HttpCallDepth.inside()) {
            return null; // Bulwark's own retry, or inside a guarded send: guarded already
        }
        site = HttpGuards.site(request.uri());
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = site.balancer();
        if (balancer != null) {
            endpoint = balancer.choose(null);
            if (endpoint == null) {
                return balancer.noHealthyEndpoint();
            }
        }
        Throwable rejected = guard.tryEnterAsync();
        if (endpoint != null) {
            if (rejected != null) {
                balancer.release(endpoint);
                endpoint = null;
            } else {
                asked = request;
                request = (HttpRequest) Routing.jdkRequest(asked, endpoint);
            }
        }
        start = guard.now();
        return rejected;
    }

    // backupArguments = false: the exit passes on the routed request that the enter advice wrote
    @Advice.OnMethodExit(onThrowable = Throwable.class, backupArguments = false)
    static void onExit(@Advice.Enter Throwable rejected,
            @Advice.Local("bulwarkSite") HttpSite site,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAsked") HttpRequest asked,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.This Object client,
            @Advice.Argument(0) Object request,
            @Advice.Argument(1) Object handler,
            @Advice.Argument(2) Object pushHandler,
            @Advice.Thrown(readOnly = false) Throwable thrown,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (site == null) {
            return;
        }
        returned = JdkHttpGuards.sendAsync(site, guard, client, request, handler, pushHandler, start, rejected,
                returned, thrown, asked, balancer, endpoint);
        thrown = null;
    }
}
