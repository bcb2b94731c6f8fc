package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;

/**
 * Inlined into the async client's {@code doExecute}: opens the call on this thread for the future
 * and the request channel to find, with what a retry needs to send the request again (the client
 * and the arguments but the callback; a retry's own doExecute gets a future of its own, whose outcome
 * Bulwark hands to the caller's). Apache's types appear only inside the methods.
 */
public final class AsyncDoExecuteAdvice {
    private AsyncDoExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object onEnter(@Advice.This Object client, @Advice.Argument(0) Object targetArgument,
            @Advice.Argument(1) Object producer, @Advice.Argument(2) Object consumer,
            @Advice.Argument(3) Object pushHandlerFactory, @Advice.Argument(4) Object context) {
        HttpHost target = (HttpHost) targetArgument;
        Object[] arguments = {targetArgument, producer, consumer, pushHandlerFactory, context};
        boolean repeatable = producer instanceof AsyncRequestProducer p && p.isRepeatable();
        return target == null ? ApacheAsyncCalls.open(null, null, -1, client, arguments, repeatable)
                : ApacheAsyncCalls.open(target.getSchemeName(), target.getHostName(), target.getPort(), client,
                        arguments, repeatable);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void onExit(@Advice.Enter Object call) {
        if (call != null) {
            ApacheAsyncCalls.close(call);
        }
    }
}
