package dev.bulwark.agent.instrument.http.apache5;

import dev.bulwark.bootstrap.http.ApacheAsyncCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ComplexFuture.failed}: a guarded call's attempt ends with the client's failure;
 * when the request is sent again, the failure is skipped: the caller's future waits for the retry.
 */
public final class FutureFailedAdvice {
    private FutureFailedAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean onEnter(@Advice.This Object future, @Advice.Argument(0) Throwable error) {
        return ApacheAsyncCalls.failed(future, error);
    }
}
