package dev.bulwark.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code -javaagent:bulwark-agent.jar} and of attaching to a running JVM.
 *
 * <p>This class must not touch a {@code dev.bulwark.bootstrap} type: those may only be resolved
 * after {@link BootstrapInjector} has put them on the bootstrap class path, so the rest of start-up
 * lives in {@link AgentInstaller}, loaded afterwards.
 */
public final class BulwarkAgent {
    private static boolean started;

    private BulwarkAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation, boolean atStart) {
        if (started) {
            return;
        }
        started = true;
        try {
            BootstrapInjector.inject(instrumentation);
            AgentInstaller.install(arguments, instrumentation, atStart);
        } catch (Throwable t) {
            // Never break the host: without Bulwark the application still runs as it was written.
            System.err.println("[bulwark] ERROR Bulwark could not start and is not active in this JVM: " + t);
        }
    }
}
