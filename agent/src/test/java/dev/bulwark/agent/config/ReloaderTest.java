package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.event.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reloader driven by hand, one look at a time. Every write changes the file's size, so that a
 * change is seen whatever the file system's timestamp granularity.
 */
class ReloaderTest {
    @TempDir
    Path dir;
    Path file;
    final List<Rules> applied = new ArrayList<>();
    final List<BulwarkEvent> events = new ArrayList<>();
    Reloader reloader;

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 2\n");
        EventBus bus = new EventBus();
        bus.subscribe(events::add);
        reloader = new Reloader(new AgentSettings(file, null, null, true, AgentSettings.DEFAULT_RELOAD_NANOS, List.of()),
                applied::add, bus);
    }

    private Object maxAttempts(Rules rules) {
        return rules.instanceValues(PolicyType.RETRY, "payments").get("maxAttempts");
    }

    private BulwarkEvent.ConfigRejected rejected(int index) {
        return assertInstanceOf(BulwarkEvent.ConfigRejected.class, events.get(index));
    }

    @Test
    void anUnchangedFileIsNotLoadedAgain() {
        assertFalse(reloader.checkOnce());
        assertEquals(List.of(), applied);
        assertEquals(List.of(), events);
    }

    @Test
    void aValidChangeIsAppliedAndAnnounced() throws IOException {
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 3\n    wait-duration: 1s\n");
        assertTrue(reloader.checkOnce());
        assertEquals(1, applied.size());
        assertEquals(3, maxAttempts(applied.get(0)));
        assertEquals(1, events.size());
        BulwarkEvent.ConfigReloaded reloaded = assertInstanceOf(BulwarkEvent.ConfigReloaded.class, events.get(0));
        assertEquals(file.toString(), reloaded.source());
        assertFalse(reloader.checkOnce(), "the same change is applied once");
        assertEquals(1, applied.size());
    }

    @Test
    void anInvalidChangeIsRejectedWithItsErrorsAndTheRulesInForceStay() throws IOException {
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 0\n    wait-duration: soon\n");
        assertTrue(reloader.checkOnce());
        assertEquals(List.of(), applied);
        assertEquals(1, events.size());
        BulwarkEvent.ConfigRejected rejected = rejected(0);
        assertEquals(file.toString(), rejected.source());
        assertEquals(List.of(file + ":3: retries.payments.max-attempts = 0 is not allowed; allowed: an integer of at "
                + "least 1", file + ":4: retries.payments.wait-duration: 'soon' is not a duration such as 250ms, 2s, 1m "
                + "or 0 (units: ns, us, ms, s, m, h, d)"), rejected.errors());
        assertFalse(reloader.checkOnce(), "a rejected file is not looked at again until it changes");
        assertEquals(1, events.size());
    }

    @Test
    void aValidChangeAfterARejectedOneIsApplied() throws IOException {
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: -1\n");
        assertTrue(reloader.checkOnce());
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 7\n    jitter-factor: 0.5\n");
        assertTrue(reloader.checkOnce());
        assertEquals(1, applied.size());
        assertEquals(7, maxAttempts(applied.get(0)));
        rejected(0);
        assertInstanceOf(BulwarkEvent.ConfigReloaded.class, events.get(1));
    }

    @Test
    void aDeletedFileIsRejected() throws IOException {
        Files.delete(file);
        assertTrue(reloader.checkOnce());
        assertEquals(List.of(), applied);
        assertEquals(List.of(file + ": the configuration file does not exist"), rejected(0).errors());
        assertFalse(reloader.checkOnce(), "a file still missing is reported once");
        assertEquals(1, events.size());
    }

    @Test
    void aFileThatComesBackIsApplied() throws IOException {
        Files.delete(file);
        reloader.checkOnce();
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 4\n");
        assertTrue(reloader.checkOnce());
        assertEquals(4, maxAttempts(applied.get(0)));
    }

    @Test
    void aNewTimeOnTheSameBytesIsNoChange() throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        assertFalse(reloader.checkOnce());
        assertEquals(List.of(), applied);
        assertEquals(List.of(), events);
    }

    @Test
    void newBytesOfTheSameSizeAreSeenWhenTheTimeChanges() throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 9\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 60_000));
        assertTrue(reloader.checkOnce());
        assertEquals(9, maxAttempts(applied.get(0)));
    }

    @Test
    void aChangeIsAppliedWhenNobodyListensForEvents() throws IOException {
        List<Rules> seen = new ArrayList<>();
        Reloader quiet = new Reloader(new AgentSettings(file, null, null, true, 1, List.of()), seen::add, new EventBus());
        Files.writeString(file, "retries:\n  payments:\n    max-attempts: 5\n    wait-duration: 2s\n");
        assertTrue(quiet.checkOnce());
        assertEquals(5, maxAttempts(seen.get(0)));
    }
}
