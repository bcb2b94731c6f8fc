package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ComplexFuture}'s constructor: the first future of an open call is that call's. */
public final class FutureCreatedAdvice {
    private FutureCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void onExit(@Advice.This Object future) {
        ApacheAsyncCalls.created(future);
    }
}
