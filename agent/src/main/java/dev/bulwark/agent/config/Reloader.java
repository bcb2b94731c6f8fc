package dev.bulwark.agent.config;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Looks at the configuration file every interval and, when it changed, loads it again. A file that
 * validates replaces the rules in force; one that does not is reported and the old rules stay. The
 * cost is bounded: one stat per interval, and a read only when size or time changed.
 */
public final class Reloader {
    private final AgentSettings settings;
    private final Consumer<Rules> apply;
    private final EventBus events;
    private volatile boolean stopped;
    private long lastModified;
    private long lastSize;
    private byte[] lastContent;

    public Reloader(AgentSettings settings, Consumer<Rules> apply, EventBus events) {
        this.settings = settings;
        this.apply = apply;
        this.events = events;
        remember();
    }

    /** Starts the daemon thread that polls; it never keeps the JVM alive. */
    public Thread start() {
        Thread t = new Thread(this::run, "bulwark-config-reloader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public void stop() {
        stopped = true;
    }

    private void run() {
        while (!stopped) {
            LockSupport.parkNanos(this, settings.reloadIntervalNanos());
            try {
                checkOnce();
            } catch (RuntimeException | LinkageError e) {
                BulwarkLog.warnOnce("reloader", "the configuration reloader failed; the rules in force stay", e);
            }
        }
    }

    /** Loads the file again if it changed; true when it did. Public for tests that drive it by hand. */
    public boolean checkOnce() {
        if (!changed()) {
            return false;
        }
        Path file = settings.config();
        Loader.Result result = Loader.load(file, settings.environment(), settings.environmentOrigin(), System.getenv(),
                System.getProperties());
        Instant now = Instant.now();
        if (!result.ok()) {
            List<String> messages = new ArrayList<>();
            result.errors().forEach(e -> messages.add(e.toString()));
            BulwarkLog.error("configuration change in " + file + " rejected; the previous rules stay in force:");
            messages.forEach(m -> BulwarkLog.error("  " + m));
            if (events.hasSubscribers()) {
                events.publish(new BulwarkEvent.ConfigRejected(file.toString(), messages, now));
            }
            return true;
        }
        apply.accept(result.rules());
        BulwarkLog.info("configuration reloaded from " + file);
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.ConfigReloaded(file.toString(), now));
        }
        return true;
    }

    private boolean changed() {
        long modified;
        long size;
        try {
            BasicFileAttributes a = Files.readAttributes(settings.config(), BasicFileAttributes.class);
            modified = nanos(a);
            size = a.size();
        } catch (IOException e) {
            modified = -1;
            size = -1;
        }
        if (modified == lastModified && size == lastSize) {
            return false;
        }
        byte[] before = lastContent;
        remember();
        // Same bytes under a new time (a touch, an editor's save of an unchanged file): nothing to do.
        return !Arrays.equals(before, lastContent) || lastContent == null;
    }

    private void remember() {
        try {
            Path file = settings.config();
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            lastModified = nanos(a);
            lastSize = a.size();
            lastContent = a.size() <= YamlSettings.MAX_BYTES ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            lastModified = -1;
            lastSize = -1;
            lastContent = null;
        }
    }

    private static long nanos(BasicFileAttributes a) {
        Instant t = a.lastModifiedTime().toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
