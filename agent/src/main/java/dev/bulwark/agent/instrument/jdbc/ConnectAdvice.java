package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.jdbc.CallDepth;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import java.sql.Connection;
import java.sql.Driver;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Driver.connect} of every driver: opening a connection passes the database's breaker. */
public final class ConnectAdvice {
    private ConnectAdvice() {
    }

    @Advice.OnMethodEnter
    static Guard onEnter(@Advice.This Driver driver, @Advice.Argument(0) String url,
            @Advice.Local("bulwarkStart") long start) throws Exception {
        if (!CallDepth.enter()) {
            return null; // a wrapper's delegate: the outermost call is the one guarded
        }
        Guard guard = JdbcGuards.connectionGuard(driver, url);
        if (guard == null) {
            return null;
        }
        JdbcGuards.enterConnection(guard);
        start = guard.now();
        return guard;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter Guard guard, @Advice.Argument(0) String url,
            @Advice.Return Connection opened,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (guard == null) {
            CallDepth.exit(); // every enter counts, nested or not
            return false;
        }
        if (attempt == 0) {
            firstStart = start;
        }
        long wait = JdbcGuards.onConnectionEnd(guard, opened, url, start, thrown, attempt + 1, firstStart);
        if (wait < 0) {
            CallDepth.exit();
            return false;
        }
        if (JdbcGuards.beginNextAttempt(guard, wait, thrown, "a connection") == Guard.STOP) {
            return false;
        }
        start = guard.now();
        attempt++;
        thrown = null;
        return true;
    }
}
