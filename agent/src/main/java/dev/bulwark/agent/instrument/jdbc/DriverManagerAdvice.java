package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.bootstrap.jdbc.DriverManagerPooling;
import java.sql.Connection;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the private {@code DriverManager.getConnection(String, Properties, Class)} that every
 * public overload calls: a pooled connection is lent instead of a new one opened. The first
 * connection to a database is opened the JDK's way and becomes the pool's first.
 */
public final class DriverManagerAdvice {
    private DriverManagerAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object onEnter(@Advice.Argument(0) String url, @Advice.Argument(1) Properties info,
            @Advice.Argument(2) Class<?> caller) throws Exception {
        return DriverManagerPooling.borrow(url, info, caller);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter Object pooled, @Advice.Argument(0) String url,
            @Advice.Argument(1) Properties info, @Advice.Argument(2) Class<?> caller,
            @Advice.Return(readOnly = false) Connection returned) {
        if (pooled != null) {
            returned = (Connection) pooled;
        } else {
            returned = (Connection) DriverManagerPooling.adopt(url, info, caller, returned);
        }
    }
}
