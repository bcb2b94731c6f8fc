package dev.bulwark.agent;

import java.lang.instrument.Instrumentation;

/**
 * The jar's {@code Launcher-Agent-Class}: with {@code java -jar bulwark-agent.jar} it runs before
 * {@link Cli#main}, so the commands see the same runtime classes the agent injects. It instruments nothing.
 */
public final class CliRuntime {
    private CliRuntime() {
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) throws Exception {
        BootstrapInjector.inject(instrumentation, false);
    }
}
