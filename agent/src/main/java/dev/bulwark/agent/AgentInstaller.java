package dev.bulwark.agent;

import dev.bulwark.agent.config.AgentSettings;
import dev.bulwark.agent.config.ConfigError;
import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.Reloader;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.instrument.Instrumentations;
import dev.bulwark.agent.instrument.methods.MethodSites;
import dev.bulwark.agent.telemetry.Telemetry;
import dev.bulwark.bootstrap.AgentState;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/** Start-up once the runtime is on the bootstrap class path: configuration, transformers, reloads. */
final class AgentInstaller {
    /** The exit code of a JVM stopped for a bad configuration (sysexits' EX_CONFIG). */
    static final int CONFIG_ERROR_EXIT = 78;

    private AgentInstaller() {
    }

    /** @param atStart true from premain; false when attached to a running JVM, which must never be stopped */
    static void install(String arguments, Instrumentation instrumentation, boolean atStart) {
        AgentSettings settings = AgentSettings.resolve(arguments, System.getProperties(), System.getenv());
        List<ConfigError> errors = new ArrayList<>(settings.errors());
        Loader.Result loaded = Loader.load(settings.config(), settings.environment(), settings.environmentOrigin(),
                System.getenv(), System.getProperties());
        errors.addAll(loaded.errors());
        if (!errors.isEmpty()) {
            String where = settings.config() == null ? "the Bulwark settings" : settings.config().toString();
            errors.forEach(e -> BulwarkLog.error(e.toString()));
            if (settings.strict()) {
                String summary = errors.size() + " configuration error" + (errors.size() == 1 ? "" : "s") + " in "
                        + where + ".";
                if (atStart) {
                    BulwarkLog.error(summary + " The JVM stops before main runs (strict mode). Fix them, or set "
                            + "bulwark.config.strict=false to run without the bad rules.");
                    System.exit(CONFIG_ERROR_EXIT);
                }
                BulwarkLog.error(summary + " Bulwark is not attached; the application runs on unchanged.");
                return;
            }
            BulwarkLog.warn(errors.size() + " configuration error(s) in " + where
                    + "; running without the bad rules (bulwark.config.strict=false)");
        }
        MethodSites sites = new MethodSites(Registry.global(), loaded.rules());
        Instrumentations.install(instrumentation, sites);
        AgentState.markStarted();
        Telemetry.start(loaded.rules().telemetry()); // returns at once: export starts on its own thread
        String config = settings.config() == null ? "no configuration file"
                : "configuration " + settings.config() + (settings.environment() == null ? ""
                        : " (environment " + settings.environment() + ")");
        BulwarkLog.info("Bulwark " + Version.current() + " started on Java " + Runtime.version().feature()
                + ": guarding methods annotated with " + String.join(", ", Instrumentations.describe())
                + ", " + loaded.rules().methodRules().size() + " method rule(s)"
                + (loaded.rules().jdbc().enabled() ? ", JDBC statements and connections" : "")
                + (loaded.rules().targetEnabled("messaging") ? ", RabbitMQ consumers" : "")
                + (loaded.rules().http().enabled()
                        ? ", HTTP requests (JDK HttpClient, HttpURLConnection, Apache HttpClient 5, OkHttp)" : "")
                + "; " + config);
        if (settings.config() != null && settings.reloadIntervalNanos() > 0) {
            new Reloader(settings, next -> {
                Rules before = sites.rules();
                sites.apply(next);
                Instrumentations.retransformNewlyNamed(instrumentation, before, next);
            }, EventBus.global()).start();
        }
    }
}
