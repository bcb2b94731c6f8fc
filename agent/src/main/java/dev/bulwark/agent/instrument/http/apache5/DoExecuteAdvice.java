package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.http.HttpCallDepth;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.http.HttpSite;
import dev.bulwark.bootstrap.http.Routing;
import dev.bulwark.bootstrap.http.TimeoutCancel;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into Apache HttpClient 5's {@code doExecute}: the request passes its server's guard; a
 * failure the rules allow to retry, with a repeatable entity, re-runs the body after the wait. A
 * request to a logical service gets, per attempt, the target host of the endpoint its balancer
 * chooses (the request itself, and so its Host header, stays as written). When the attempt's timeout
 * fires, a cancellable request ({@code HttpUriRequestBase}) is cancelled, which closes its connection
 * (a thread blocked in a socket read does not wake on the timeout's interrupt), and reset for a retry.
 *
 * <p>Apache's types appear only inside the methods, never in their signatures: the agent reads this
 * class where Apache HttpClient is absent, and a signature naming it would fail to load.
 */
public final class DoExecuteAdvice {
    private DoExecuteAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object targetArgument,
            @Advice.Argument(1) Object requestArgument,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkCancel") Object cancel,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkScheme") String scheme,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) throws Exception {
        if (!HttpCallDepth.enter()) {
            return null; // a client wrapping another: the outermost call is the one guarded
        }
        HttpHost target = (HttpHost) targetArgument;
        ClassicHttpRequest request = (ClassicHttpRequest) requestArgument;
        HttpSite site;
        if (target != null) {
            scheme = target.getSchemeName();
            site = HttpGuards.site(scheme, target.getHostName(), target.getPort());
        } else {
            URIAuthority authority = request.getAuthority();
            scheme = request.getScheme();
            site = authority == null ? null : HttpGuards.site(scheme, authority.getHostName(), authority.getPort());
        }
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = site.balancer();
        if (balancer == null) {
            timer = HttpGuards.enter(site, guard, request.getMethod());
        } else {
            endpoint = Routing.first(site, balancer, request.getMethod());
            timer = Routing.enter(site, guard, request.getMethod(), balancer, endpoint);
            targetArgument = new HttpHost(scheme, Routing.hostName(endpoint), endpoint.port());
        }
        if (request instanceof CancellableDependency) {
            cancel = TimeoutCancel.arm(guard, timer, request);
        }
        start = guard.now();
        return site;
    }

    // backupArguments = false: a retry writes the next endpoint's target where the repeated body reads it
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
            backupArguments = false)
    static boolean onExit(@Advice.Enter HttpSite site,
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object targetArgument,
            @Advice.Argument(1) Object requestArgument,
            @Advice.Local("bulwarkScheme") String scheme,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Local("bulwarkTried") long tried,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkCancel") Object cancel,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (site == null) {
            HttpCallDepth.exit(); // every enter counts, nested or not
            return false;
        }
        if (attempt == 0) {
            firstStart = start;
        }
        ClassicHttpRequest request = (ClassicHttpRequest) requestArgument;
        CloseableHttpResponse response = (CloseableHttpResponse) returned;
        boolean cancelled = TimeoutCancel.disarm(cancel);
        thrown = guard.stopTimer(timer, thrown);
        if (cancelled && request instanceof HttpUriRequestBase resettable) {
            resettable.reset(); // our timeout cancelled it: a retry may send it again
        }
        int status = thrown == null && response != null ? response.getCode() : 0;
        if (endpoint != null) {
            Routing.ended(site, balancer, endpoint, status, thrown);
        }
        boolean replayable = false;
        String retryAfter = null;
        if (HttpGuards.failed(site, status, thrown)) {
            HttpEntity entity = request.getEntity();
            replayable = (entity == null || entity.isRepeatable())
                    && !(request instanceof CancellableDependency c && c.isCancelled());
            Header header = response == null ? null : response.getFirstHeader("Retry-After");
            retryAfter = header == null ? null : header.getValue();
        }
        long wait = HttpGuards.onAttemptEnd(site, guard, request.getMethod(), replayable, status, retryAfter, thrown,
                start, attempt + 1, firstStart);
        if (wait < 0) {
            HttpCallDepth.exit();
            thrown = HttpGuards.forCaller(site, request.getMethod(), thrown);
            return false;
        }
        Object next = HttpGuards.beginNextAttempt(site, guard, request.getMethod(), wait, thrown, status, response);
        if (next == Guard.STOP) {
            thrown = HttpGuards.forCaller(site, request.getMethod(), thrown);
            return false;
        }
        if (balancer != null) {
            tried = balancer.tried(tried, endpoint);
            endpoint = balancer.choose(endpoint, tried);
            if (endpoint == null) {
                thrown = Routing.noEndpointForRetry(site, balancer, guard, request.getMethod(), next, attempt + 2,
                        firstStart, thrown);
                returned = null;
                return false;
            }
            targetArgument = new HttpHost(scheme, Routing.hostName(endpoint), endpoint.port());
        }
        timer = next;
        if (request instanceof CancellableDependency) {
            cancel = TimeoutCancel.arm(guard, next, request);
        }
        start = guard.now();
        attempt++;
        thrown = null;
        returned = null;
        return true;
    }
}
