package dev.bulwark.bootstrap.log;

import dev.bulwark.bootstrap.telemetry.Redaction;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bulwark's own tiny logger: one line per message on stderr, prefixed {@code [bulwark]}. It never
 * goes through the application's logging framework, which may not be set up yet (we log from
 * premain) or may itself be instrumented.
 */
public final class BulwarkLog {
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static final boolean DEBUG = Boolean.getBoolean("bulwark.debug");

    private BulwarkLog() {
    }

    public static void info(String message) {
        write("INFO", message, null);
    }

    public static void warn(String message) {
        write("WARN", message, null);
    }

    public static void warn(String message, Throwable t) {
        write("WARN", message, t);
    }

    public static void error(String message) {
        write("ERROR", message, null);
    }

    public static void error(String message, Throwable t) {
        write("ERROR", message, t);
    }

    /** Written only with {@code -Dbulwark.debug=true}. */
    public static void debug(String message) {
        if (DEBUG) {
            write("DEBUG", message, null);
        }
    }

    /**
     * A warning followed by the frames of {@code where} (Bulwark's own frames left out): for a
     * report whose whole point is a place in the application, such as where a leaked connection was
     * borrowed.
     */
    public static void warnWithStack(String message, Throwable where) {
        StringBuilder text = new StringBuilder("[bulwark] WARN ").append(message);
        for (StackTraceElement frame : where.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("dev.bulwark.bootstrap.") && !c.startsWith("dev.bulwark.agent.")) {
                text.append(System.lineSeparator()).append("\tat ").append(frame);
            }
        }
        System.err.println(text);
    }

    /** Logs a warning the first time {@code key} is seen, so a fault repeated on every call logs one line. */
    public static void warnOnce(String key, String message, Throwable t) {
        if (ONCE.add(key)) {
            write("WARN", message, t);
        }
    }

    private static void write(String level, String message, Throwable t) {
        StringBuilder line = new StringBuilder(message.length() + 32).append("[bulwark] ").append(level).append(' ')
                .append(message);
        if (t != null) {
            // An exception's message may quote a URL with its password (a driver's, a client's).
            line.append(": ").append(Redaction.text(t.toString()));
        }
        PrintStream err = System.err;
        err.println(line);
        if (t != null && DEBUG) {
            t.printStackTrace(err);
        }
    }
}
