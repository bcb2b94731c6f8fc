package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;

/**
 * Inlined into {@code ComplexFuture.completed}: a guarded call's attempt ends with its response's
 * status, before the application's callback runs. The result is a response ({@code SimpleHttpResponse})
 * or a message whose head is one; anything else counts as a success. When the request is sent again,
 * the completion is skipped: the caller's future waits for the retry.
 */
public final class FutureCompletedAdvice {
    private FutureCompletedAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean onEnter(@Advice.This Object future, @Advice.Argument(0) Object result) {
        HttpResponse response = null;
        if (result instanceof HttpResponse r) {
            response = r;
        } else if (result instanceof Message<?, ?> message && message.getHead() instanceof HttpResponse head) {
            response = head;
        }
        int status = response == null ? 0 : response.getCode();
        Header retryAfter = response == null || status < 400 ? null : response.getFirstHeader("Retry-After");
        return ApacheAsyncCalls.completed(future, status, retryAfter == null ? null : retryAfter.getValue(), result);
    }
}
