package dev.bulwark.agent.instrument.methods;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every guarded method without a fallback. Only bootstrap types may appear here: this
 * code runs in the application's class loaders, which see the bootstrap class path and nothing of
 * the agent.
 *
 * <p>Retry lives in the exit advice: asking Byte Buddy to repeat re-runs the body but not the
 * enter advice, so the exit takes the next attempt's permits itself before asking.
 */
public final class GuardedMethodAdvice {
    private GuardedMethodAdvice() {
    }

    /**
     * Throws the rejection when a permit is refused; never suppressed. Returns the Guard so that every
     * attempt of this call uses the same one, even across a reload.
     */
    @Advice.OnMethodEnter
    static Guard onEnter(@SiteId int site, @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkTimer") Object timer) {
        Guard guard = Registry.guard(site);
        timer = guard.enter();
        start = guard.attemptStart();
        return guard;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter Guard guard,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkTimer") Object timer,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        thrown = guard.stopTimer(timer, thrown);
        if (attempt == 0) {
            firstStart = start;
        }
        long wait = guard.onAttemptEnd(start, thrown, attempt + 1, firstStart);
        if (wait < 0) {
            return false;
        }
        Object next = guard.beginNextAttempt(wait, thrown);
        if (next == Guard.STOP) {
            return false;
        }
        timer = next;
        start = guard.attemptStart();
        attempt++;
        thrown = null;
        return true;
    }
}
