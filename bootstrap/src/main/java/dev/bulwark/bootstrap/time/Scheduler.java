package dev.bulwark.bootstrap.time;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulwark's one timer thread, started on first use: it fires timeouts (and, later, delayed async
 * retries). A daemon, so it never keeps the JVM alive; stopped by a shutdown hook so that no task
 * runs while the application shuts down.
 */
final class Scheduler {
    static final Scheduler INSTANCE = new Scheduler();

    private volatile ScheduledThreadPoolExecutor executor;
    private volatile ExecutorService workers;

    private Scheduler() {
    }

    /**
     * Threads that start the next attempts of asynchronous calls, so the timer thread never runs
     * application code. They come and go with demand and never keep the JVM alive.
     */
    ExecutorService workers() {
        ExecutorService w = workers;
        if (w == null) {
            synchronized (this) {
                w = workers;
                if (w == null) {
                    AtomicInteger n = new AtomicInteger();
                    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                            new SynchronousQueue<>(), r -> {
                                Thread t = new Thread(r, "bulwark-async-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdownNow, "bulwark-async-stop"));
                    workers = w = pool;
                }
            }
        }
        return w;
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
