package dev.bulwark.agent;

import dev.bulwark.agent.instrument.Instrumentations;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.instrument.Instrumentation;

/** Start-up once the runtime is on the bootstrap class path: install the transformers and say so. */
final class AgentInstaller {
    private AgentInstaller() {
    }

    static void install(String arguments, Instrumentation instrumentation) {
        Instrumentations.install(instrumentation);
        BulwarkLog.info("Bulwark " + Version.current() + " started on Java " + Runtime.version().feature()
                + ": guarding methods annotated with " + String.join(", ", Instrumentations.describe()));
    }
}
