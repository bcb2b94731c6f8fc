package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpHost;

/**
 * Inlined into the async client's {@code doExecute}: opens the call on this thread for the future
 * and the request channel to find. Apache's types appear only inside the methods.
 */
public final class AsyncDoExecuteAdvice {
    private AsyncDoExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object onEnter(@Advice.Argument(0) Object targetArgument) {
        HttpHost target = (HttpHost) targetArgument;
        return target == null ? ApacheAsyncCalls.open(null, null, -1)
                : ApacheAsyncCalls.open(target.getSchemeName(), target.getHostName(), target.getPort());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void onExit(@Advice.Enter Object call) {
        if (call != null) {
            ApacheAsyncCalls.close(call);
        }
    }
}
