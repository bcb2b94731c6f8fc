package dev.bulwark.bootstrap.time;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Bulwark's one timer thread, started on first use: it fires timeouts (and, later, delayed async
 * retries). A daemon, so it never keeps the JVM alive; stopped by a shutdown hook so that no task
 * runs while the application shuts down.
 */
final class Scheduler {
    static final Scheduler INSTANCE = new Scheduler();

    private volatile ScheduledThreadPoolExecutor executor;

    private Scheduler() {
    }

    ScheduledThreadPoolExecutor executor() {
        ScheduledThreadPoolExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    e = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "bulwark-scheduler");
                        t.setDaemon(true);
                        return t;
                    });
                    // Cancelled timers leave the queue at once: a timeout per call must not pile up.
                    e.setRemoveOnCancelPolicy(true);
                    ScheduledThreadPoolExecutor started = e;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow, "bulwark-scheduler-stop"));
                    executor = e;
                }
            }
        }
        return e;
    }
}
