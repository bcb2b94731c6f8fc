package dev.bulwark.agent.instrument.http.okhttp;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.http.Routing;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import okhttp3.Request;

/**
 * Inlined into OkHttp's {@code RealInterceptorChain.proceed}: the first step of a call's chain (index
 * 0) sends on, in place of the request, the same request to the endpoint that the call's guard chose
 * on this thread ({@link Routing#takeEndpoint}); every interceptor after it sees that request.
 *
 * <p>OkHttp's types appear only inside the method, never in its signature.
 */
public final class ProceedAdvice {
    private ProceedAdvice() {
    }

    // Never throws on purpose: a fault here leaves the request as written.
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void onEnter(@Advice.FieldValue("index") int index,
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object requestArgument) {
        if (index != 0) {
            return;
        }
        Endpoint endpoint = Routing.takeEndpoint();
        if (endpoint != null) {
            Request request = (Request) requestArgument;
            requestArgument = request.newBuilder().url(request.url().newBuilder().host(Routing.hostName(endpoint))
                    .port(endpoint.port()).build()).build();
        }
    }
}
