package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import dev.bulwark.bootstrap.http.Routing;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into the request channel of the async client's {@code doExecute}: the request passes its
 * server's guard before it leaves, and a request to a logical service is pointed at its endpoint. A refusal is thrown as {@code HttpRejectedException}, an
 * IOException, which {@code doExecute} turns into the failed future and {@code failed} callback the
 * client's callers already handle.
 */
public final class AsyncSendRequestAdvice {
    private AsyncSendRequestAdvice() {
    }

    @Advice.OnMethodEnter
    static void onEnter(@Advice.Argument(0) Object requestArgument) throws Exception {
        HttpRequest request = (HttpRequest) requestArgument;
        URIAuthority authority = request.getAuthority();
        Endpoint endpoint = ApacheAsyncCalls.send(request.getScheme(),
                authority == null ? null : authority.getHostName(), authority == null ? -1 : authority.getPort(),
                request.getMethod());
        if (endpoint != null) {
            // A request to a logical service goes to its endpoint: the client resolves its target from here.
            request.setAuthority(new URIAuthority(Routing.hostName(endpoint), endpoint.port()));
        }
    }
}
