package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code completed()} and {@code failed(Exception)} of the exchange callback of the async
 * client's {@code doExecute}, which completes the call's future and then releases the request
 * producer and the response consumer: a retry that reuses them is scheduled only once it returned.
 */
public final class ExchangeCallbackAdvice {
    private ExchangeCallbackAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void onEnter() {
        ApacheAsyncCalls.exchangeCallbackEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void onExit() {
        ApacheAsyncCalls.exchangeCallbackExit();
    }
}
