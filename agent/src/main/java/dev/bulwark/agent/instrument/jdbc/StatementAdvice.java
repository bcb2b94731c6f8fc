package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.jdbc.CallDepth;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the execute methods of every Statement implementation. Wrappers that delegate (a
 * pool's proxy statement calling the driver's) are guarded once: only the outermost call counts.
 */
public final class StatementAdvice {
    private StatementAdvice() {
    }

    @Advice.OnMethodEnter
    static Guard onEnter(@Advice.This Statement statement,
            @Advice.Local("bulwarkStart") long start) throws Exception {
        if (!CallDepth.enter()) {
            return null; // a wrapper's delegate: the outermost call is the one guarded
        }
        Guard guard = JdbcGuards.statementGuard(statement);
        if (guard == null) {
            return null;
        }
        JdbcGuards.enterStatement(guard, statement);
        start = guard.now();
        return guard;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter Guard guard, @Advice.This Statement statement,
            @Advice.Origin("#m") String method,
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
        long wait = JdbcGuards.onStatementEnd(guard, statement, method.endsWith("Batch"), start, thrown, attempt + 1,
                firstStart);
        if (wait < 0) {
            CallDepth.exit();
            return false;
        }
        if (JdbcGuards.beginNextAttempt(guard, wait, thrown, "a statement") == Guard.STOP) {
            return false;
        }
        start = guard.now();
        attempt++;
        thrown = null;
        return true;
    }
}
