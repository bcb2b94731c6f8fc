package dev.bulwark.bootstrap.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final EventBus bus = new EventBus();

    private static String name(BulwarkEvent e) {
        return ((BulwarkEvent.StateTransition) e).policyName();
    }

    private static BulwarkEvent event(String name) {
        return new BulwarkEvent.StateTransition(name, CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN,
                Instant.EPOCH);
    }

    /** Runs {@code body} with System.err captured; returns what was written. */
    private static String stderrOf(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deliversEachEventToEverySubscriberInOrder() {
        List<String> seen = new ArrayList<>();
        bus.subscribe(e -> seen.add("a:" + name(e)));
        bus.subscribe(e -> seen.add("b:" + name(e)));
        bus.publish(event("x"));
        bus.publish(event("y"));
        assertEquals(List.of("a:x", "b:x", "a:y", "b:y"), seen);
    }

    @Test
    void hasSubscribersOnlyWhileSomeoneListens() {
        assertFalse(bus.hasSubscribers());
        Subscription s = bus.subscribe(e -> { });
        assertTrue(bus.hasSubscribers());
        s.unsubscribe();
        assertFalse(bus.hasSubscribers());
    }

    @Test
    void failingSubscriberNeitherStopsOthersNorThePublisher() {
        List<String> seen = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe(e -> seen.add(name(e)));
        stderrOf(() -> {
            bus.publish(event("x"));
            bus.publish(event("y"));
        });
        assertEquals(List.of("x", "y"), seen);
    }

    @Test
    void failingSubscriberIsReportedOnce() {
        bus.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        String err = stderrOf(() -> {
            bus.publish(event("x"));
            bus.publish(event("y"));
            bus.publish(event("z"));
        });
        assertEquals(1, err.lines().filter(l -> l.startsWith("[bulwark] WARN")).count(), err);
        assertTrue(err.contains("listener bug"), err);
    }

    @Test
    void unsubscribeStopsDelivery() {
        List<String> seen = new ArrayList<>();
        Subscription s = bus.subscribe(e -> seen.add(name(e)));
        bus.publish(event("x"));
        s.unsubscribe();
        bus.publish(event("y"));
        assertEquals(List.of("x"), seen);
    }

    @Test
    void unsubscribingTwiceDoesNothing() {
        Subscription s = bus.subscribe(e -> { });
        s.close();
        s.close();
        assertFalse(bus.hasSubscribers());
    }

    @Test
    void listenerCanUnsubscribeItselfDuringPublish() {
        List<String> seen = new ArrayList<>();
        AtomicReference<Subscription> self = new AtomicReference<>();
        self.set(bus.subscribe(e -> {
            seen.add(name(e));
            self.get().unsubscribe();
        }));
        bus.publish(event("x"));
        bus.publish(event("y"));
        assertEquals(List.of("x"), seen);
        assertFalse(bus.hasSubscribers());
    }

    @Test
    void listenerUnsubscribedByAnEarlierListenerDuringPublishGetsNothingMore() {
        List<String> seen = new ArrayList<>();
        AtomicReference<Subscription> second = new AtomicReference<>();
        bus.subscribe(e -> second.get().unsubscribe());
        second.set(bus.subscribe(e -> seen.add(name(e))));
        bus.publish(event("x"));
        assertEquals(List.of(), seen);
    }

    @Test
    void theApplicationSeesTheAgentAttachedOnceItHasStarted() {
        dev.bulwark.bootstrap.AgentState.markStarted();
        assertTrue(Bulwark.isAttached());
    }

    @Test
    void globalBusIsOneInstance() {
        assertSame(EventBus.global(), EventBus.global());
    }

    @Test
    void annotationsApiSubscribesToTheGlobalBus() {
        List<String> seen = new ArrayList<>();
        try (Subscription s = Bulwark.subscribe(e -> seen.add(name(e)))) {
            EventBus.global().publish(event("global"));
        }
        EventBus.global().publish(event("after"));
        assertEquals(List.of("global"), seen);
    }
}
