package dev.bulwark.agent.instrument.jdbc;

import dev.bulwark.bootstrap.jdbc.DriverManagerPooling;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the public {@code DriverManager.getConnection(url, user, password)}, the form most
 * applications call: when a pool for exactly these arguments exists, it lends from it before the JDK
 * builds its Properties (a third of a pooled cycle's time otherwise). Anything else goes on the JDK's
 * way, to {@link DriverManagerAdvice}.
 */
public final class DriverManagerUserAdvice {
    private DriverManagerUserAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object onEnter(@Advice.Argument(0) String url, @Advice.Argument(1) String user,
            @Advice.Argument(2) String password, @CallerClass Class<?> caller) throws Exception {
        return DriverManagerPooling.borrowExisting(url, user, password, caller);
    }

    @Advice.OnMethodExit
    static void onExit(@Advice.Enter Object pooled, @Advice.Return(readOnly = false) Connection returned) {
        if (pooled != null) {
            returned = (Connection) pooled;
        }
    }
}
