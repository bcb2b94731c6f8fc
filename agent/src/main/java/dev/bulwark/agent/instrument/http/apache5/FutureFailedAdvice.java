package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ComplexFuture.failed}: a guarded call ends with the client's failure. */
public final class FutureFailedAdvice {
    private FutureFailedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void onEnter(@Advice.This Object future, @Advice.Argument(0) Throwable error) {
        ApacheAsyncCalls.failed(future, error);
    }
}
