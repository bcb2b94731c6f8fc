package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ComplexFuture.cancel}: a guarded call cancelled by its caller gives back its permits. */
public final class FutureCancelledAdvice {
    private FutureCancelledAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void onEnter(@Advice.This Object future) {
        ApacheAsyncCalls.cancelled(future);
    }
}
