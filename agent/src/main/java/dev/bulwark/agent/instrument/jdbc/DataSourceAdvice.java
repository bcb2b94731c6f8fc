package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.jdbc.CallDepth;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import java.sql.Connection;
import javax.sql.DataSource;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getConnection} of every DataSource: getting a connection passes the database's
 * breaker (and retry, unless the DataSource is a pool). While it runs, the driver calls it makes are
 * nested and not guarded again, and DriverManager connections it asks for are not pooled.
 */
public final class DataSourceAdvice {
    private DataSourceAdvice() {
    }

    @Advice.OnMethodEnter
    static Guard onEnter(@Advice.This DataSource dataSource, @Advice.Local("bulwarkOuter") boolean outer,
            @Advice.Local("bulwarkStart") long start) throws Exception {
        outer = CallDepth.enter();
        if (!outer) {
            return null; // a wrapper's delegate: the outermost call is the one guarded
        }
        Guard guard = JdbcGuards.dataSourceGuard(dataSource);
        if (guard == null) {
            return null;
        }
        JdbcGuards.enterConnection(guard);
        start = guard.now();
        return guard;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class)
    static boolean onExit(@Advice.Enter Guard guard, @Advice.This DataSource dataSource,
            @Advice.Return Connection opened,
            @Advice.Local("bulwarkOuter") boolean outer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Local("bulwarkAttempt") int attempt,
            @Advice.Local("bulwarkFirstStart") long firstStart,
            @Advice.Thrown(readOnly = false) Throwable thrown) throws Exception {
        if (!outer) {
            CallDepth.exit();
            return false;
        }
        if (attempt == 0) {
            firstStart = start;
        }
        long wait = JdbcGuards.onDataSourceEnd(guard, dataSource, opened, start, thrown, attempt + 1, firstStart);
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
