package dev.bulwark.agent.telemetry;

import dev.bulwark.agent.config.TelemetrySettings;
import dev.bulwark.annotations.Subscription;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Starts telemetry off the start-up path: premain only hands the settings to a daemon thread, which
 * starts the health endpoint (when enabled) and the export ({@link Export}). This class references
 * no OpenTelemetry type, so premain loads none. Whatever fails is said once and leaves guarding
 * untouched.
 */
public final class Telemetry {
    private Telemetry() {
    }

    /** Returns at once; the work happens on the {@code bulwark-telemetry} thread. */
    public static void start(TelemetrySettings settings) {
        if (!settings.enabled() && !settings.healthEndpoint()) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bulwark-telemetry");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // Subscribed now, not once the SDK is up a second or more later: the first moments' events are kept.
        EventQueue events = settings.enabled() && settings.eventLogs() ? new EventQueue() : null;
        Subscription subscription = events == null ? null : EventBus.global().subscribe(events);
        executor.execute(() -> {
            if (settings.healthEndpoint()) {
                startHealthEndpoint(settings);
            }
            if (settings.enabled()) {
                Export.start(settings, executor, events);
            }
            if (subscription != null && Export.sdk() == null) {
                subscription.unsubscribe(); // no SDK: nothing will drain the queue
            }
        });
    }

    private static void startHealthEndpoint(TelemetrySettings settings) {
        try {
            HealthEndpoint endpoint = HealthEndpoint.start(settings.healthAddress(), settings.healthPort(),
                    HealthMonitor.global());
            BulwarkLog.info("health endpoint on http://" + settings.healthAddress() + ":" + endpoint.port()
                    + "/health (also /health/live and /health/ready)");
        } catch (Exception e) {
            BulwarkLog.warn("the health endpoint could not listen on " + settings.healthAddress() + ":"
                    + settings.healthPort() + " (telemetry.health-port, telemetry.health-address); Bulwark runs on "
                    + "without it", e);
        }
    }
}
