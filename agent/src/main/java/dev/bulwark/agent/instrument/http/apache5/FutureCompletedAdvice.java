package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;

/**
 * Inlined into {@code ComplexFuture.completed}: a guarded call ends with its response's status,
 * before the application's callback runs. The result is a response ({@code SimpleHttpResponse}) or
 * a message whose head is one; anything else counts as a success.
 */
public final class FutureCompletedAdvice {
    private FutureCompletedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void onEnter(@Advice.This Object future, @Advice.Argument(0) Object result) {
        int status = 0;
        if (result instanceof HttpResponse response) {
            status = response.getCode();
        } else if (result instanceof Message<?, ?> message && message.getHead() instanceof HttpResponse head) {
            status = head.getCode();
        }
        ApacheAsyncCalls.completed(future, status);
    }
}
