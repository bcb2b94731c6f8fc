package dev.bulwark.agent.instrument.methods;

import dev.bulwark.bootstrap.guard.AsyncReentry;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into guarded methods that return a {@code CompletionStage} or {@code CompletableFuture}.
 * The caller gets a future that Bulwark completes: every policy then works on the stage's outcome
 * without blocking a thread. A rejection skips the body and arrives as that future's failure.
 */
public final class AsyncMethodAdvice {
    private AsyncMethodAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Throwable onEnter(@SiteId int site, @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start) {
        if (AsyncReentry.consume()) {
            return null; // Bulwark's own retry attempt: its permits are taken, the guard is left null
        }
        guard = Registry.guard(site);
        Throwable rejected = guard.enterAsync(); // a permit to wait for is waited for on Bulwark's timer
        start = guard.now();
        return rejected;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter Throwable rejected,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Thrown(readOnly = false) Throwable thrown,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Origin Class<?> declaring,
            @Advice.Origin("#m") String method,
            @Advice.Origin("#d") String descriptor,
            @Advice.This(optional = true) Object self,
            @Advice.AllArguments Object[] arguments) {
        if (guard == null) {
            return;
        }
        returned = guard.async(declaring, self, arguments, method, descriptor, start, rejected, returned, thrown);
        thrown = null;
    }
}
