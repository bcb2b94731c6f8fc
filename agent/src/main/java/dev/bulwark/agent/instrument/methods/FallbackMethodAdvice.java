package dev.bulwark.agent.instrument.methods;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into guarded methods that have a fallback; kept apart from {@link GuardedMethodAdvice}
 * because it binds the arguments, which costs an array per call. A rejection is returned from the
 * enter advice instead of thrown, which skips the body and lets the exit advice fall back on it.
 */
public final class FallbackMethodAdvice {
    private FallbackMethodAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Throwable onEnter(@SiteId int site, @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start, @Advice.Local("bulwarkTimer") Object timer) {
        guard = Registry.guard(site);
        try {
            timer = guard.enter();
        } catch (BulwarkException rejection) {
            if (guard.fallsBackOn(rejection)) {
                return rejection;
            }
            throw rejection;
        }
        start = guard.attemptStart();
        return null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter Throwable rejected,
            @Advice.Local("bulwarkGuard") Guard guard,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Thrown(readOnly = false) Throwable thrown,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Origin Class<?> declaring,
            @Advice.This(optional = true) Object self,
            @Advice.AllArguments Object[] arguments) throws Throwable {
        if (rejected != null) {
            thrown = rejected;
        } else {
            thrown = guard.stopTimer(timer, thrown);
            if (attempt == 0) {
                firstStart = start;
            }
            long wait = guard.onAttemptEnd(start, thrown, attempt + 1, firstStart);
            if (wait >= 0) {
                try {
                    Object next = guard.beginNextAttempt(wait, thrown);
                    if (next != Guard.STOP) {
                        timer = next;
                        start = guard.attemptStart();
                        attempt++;
                        thrown = null;
                        return true;
                    }
                } catch (BulwarkException rejection) {
                    thrown = rejection;
                }
            }
        }
        if (thrown != null && guard.fallsBackOn(thrown)) {
            returned = guard.fallback(declaring, self, arguments, thrown);
            thrown = null;
        }
        return false;
    }
}
