package dev.bulwark.agent.instrument.http.okhttp;

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
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Inlined into OkHttp's {@code RealInterceptorChain.proceed}, at the first step of a call's chain
 * (index 0), which {@code Call.execute} and {@code Call.enqueue} (on the dispatcher's thread) both run
 * once per call: the call passes its server's guard there. A failure the rules allow to retry re-runs
 * the body after the wait: proceeding again from the first step is what an application interceptor
 * does to retry, and OkHttp allows it there. A request with a one-shot body is never retried, nor a
 * call that was cancelled (its timeout cancels it: OkHttp cannot run a cancelled call again). A call
 * to a logical service goes, per attempt, to the endpoint its balancer chooses: every interceptor
 * sees the request rewritten to that endpoint.
 *
 * <p>OkHttp's types appear only inside the methods, never in their signatures: the agent reads this
 * class where OkHttp is absent, and a signature naming it would fail to load.
 */
public final class ProceedAdvice {
    private ProceedAdvice() {
    }

    @Advice.OnMethodEnter
    static HttpSite onEnter(@Advice.FieldValue("index") int index,
            @Advice.FieldValue(value = "call", typing = Assigner.Typing.DYNAMIC) Object callField,
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object requestArgument,
            @Advice.Local("bulwarkEntered") boolean entered,
            @Advice.Local("bulwarkAsked") Object asked,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkCancel") Object cancel,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint) throws Exception {
        if (index != 0) {
            return null; // only the first step of a chain is the call
        }
        entered = true;
        if (!HttpCallDepth.enter()) {
            return null; // inside a guarded call: the outermost is the one guarded
        }
        Request request = (Request) requestArgument;
        HttpUrl url = request.url();
        // OkHttp always knows a port: the scheme's own counts as none written, as a service's URL has
        int port = url.port() == HttpUrl.defaultPort(url.scheme()) ? -1 : url.port();
        HttpSite site = HttpGuards.site(url.scheme(), url.host(), port);
        if (site == null) {
            return null;
        }
        guard = site.guard();
        balancer = site.balancer();
        if (balancer == null) {
            timer = HttpGuards.enter(site, guard, request.method());
        } else {
            asked = request;
            endpoint = Routing.first(site, balancer, request.method());
            timer = Routing.enter(site, guard, request.method(), balancer, endpoint);
            requestArgument = request.newBuilder().url(url.newBuilder().host(Routing.hostName(endpoint))
                    .port(endpoint.port()).build()).build();
        }
        cancel = TimeoutCancel.arm(guard, timer, callField);
        start = guard.now();
        return site;
    }

    // backupArguments = false: a retry writes the next endpoint's request where the repeated body reads it
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
            backupArguments = false)
    static boolean onExit(@Advice.Enter HttpSite site,
            @Advice.FieldValue(value = "call", typing = Assigner.Typing.DYNAMIC) Object callField,
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object requestArgument,
            @Advice.Local("bulwarkEntered") boolean entered,
            @Advice.Local("bulwarkAsked") Object asked,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkCancel") Object cancel,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Local("bulwarkBalancer") LoadBalancer balancer,
            @Advice.Local("bulwarkEndpoint") Endpoint endpoint,
            @Advice.Local("bulwarkTried") long tried,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (site == null) {
            if (entered) {
                HttpCallDepth.exit(); // every enter counts, nested or not
            }
            return false;
        }
        if (attempt == 0) {
            firstStart = start;
        }
        Call call = (Call) callField;
        Request request = (Request) requestArgument;
        Response response = (Response) returned;
        TimeoutCancel.disarm(cancel);
        thrown = guard.stopTimer(timer, thrown);
        if (thrown != null && response != null) {
            response.close(); // it came after the timeout: the caller gets the timeout
            response = null;
        }
        int status = thrown == null && response != null ? response.code() : 0;
        if (endpoint != null) {
            Routing.ended(site, balancer, endpoint, status, thrown);
        }
        boolean replayable = false;
        String retryAfter = null;
        if (HttpGuards.failed(site, status, thrown)) {
            RequestBody body = request.body();
            replayable = !call.isCanceled() && (body == null || !body.isOneShot());
            retryAfter = response == null ? null : response.header("Retry-After");
        }
        long wait = HttpGuards.onAttemptEnd(site, guard, request.method(), replayable, status, retryAfter, thrown,
                start, attempt + 1, firstStart);
        if (wait < 0) {
            HttpCallDepth.exit();
            thrown = HttpGuards.forCaller(site, request.method(), thrown);
            return false;
        }
        Object next = HttpGuards.beginNextAttempt(site, guard, request.method(), wait, thrown, status, response);
        if (next == Guard.STOP) {
            thrown = HttpGuards.forCaller(site, request.method(), thrown);
            return false;
        }
        if (balancer != null) {
            tried = balancer.tried(tried, endpoint);
            endpoint = balancer.choose(endpoint, tried);
            if (endpoint == null) {
                thrown = Routing.noEndpointForRetry(site, balancer, guard, request.method(), next, attempt + 2,
                        firstStart, thrown);
                returned = null;
                return false;
            }
            Request written = (Request) asked;
            requestArgument = written.newBuilder().url(written.url().newBuilder().host(Routing.hostName(endpoint))
                    .port(endpoint.port()).build()).build();
        }
        timer = next;
        cancel = TimeoutCancel.arm(guard, next, call);
        start = guard.now();
        attempt++;
        thrown = null;
        returned = null;
        return true;
    }
}
