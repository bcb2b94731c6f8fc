package dev.bulwark.bootstrap.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkEvent.RetriesExhausted;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.time.ManualClock;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** When a guard gives up on a retried call it says so once, with the attempts made and the last failure's type. */
class RetriesExhaustedEventTest {
    private static final String TARGET = "com.acme.Orders#place";

    private final ManualClock clock = new ManualClock();
    private final EventBus events = new EventBus();
    private final List<BulwarkEvent> published = new CopyOnWriteArrayList<>();
    private final Registry registry = new Registry(clock, events);

    RetriesExhaustedEventTest() {
        events.subscribe(published::add);
    }

    private Guard guard(int maxAttempts, List<String> abortOn) {
        RetryRules rules = new RetryRules(maxAttempts, 0, 1.0, 0, 0, 0, List.of(), abortOn);
        return registry.guardOf(registry.register(TARGET,
                new GuardPlan(TARGET, null, null, "orders-retry", rules, null, null, null, null)));
    }

    private List<RetriesExhausted> exhausted() {
        return published.stream().filter(RetriesExhausted.class::isInstance).map(RetriesExhausted.class::cast)
                .toList();
    }

    @Test
    void theLastFailedAttemptPublishesOneEventWithAttemptsAndTheFailuresType() {
        Guard g = guard(3, List.of());
        g.enter();
        long first = g.now();
        assertTrue(g.onAttemptEnd(first, new IOException("reset"), 1, first) >= 0);
        g.beginNextAttempt(0, null);
        assertTrue(g.onAttemptEnd(first, new IOException("reset"), 2, first) >= 0);
        g.beginNextAttempt(0, null);
        assertTrue(exhausted().isEmpty(), "not before the last attempt failed");
        assertEquals(-1, g.onAttemptEnd(first, new IllegalStateException("down"), 3, first));
        List<RetriesExhausted> events = exhausted();
        assertEquals(1, events.size(), published::toString);
        RetriesExhausted e = events.get(0);
        assertEquals("orders-retry", e.policyName());
        assertEquals(TARGET, e.target());
        assertEquals(3, e.attempts());
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        assertEquals("retry 'orders-retry' gave up on com.acme.Orders#place after 3 attempts (last: "
                + "java.lang.IllegalStateException)", e.toString());
    }

    @Test
    void aRetriedCallThatEndsOnAFailureItMayNotRetryIsExhaustedToo() {
        Guard g = guard(5, List.of("java.lang.IllegalArgumentException"));
        g.enter();
        long first = g.now();
        assertTrue(g.onAttemptEnd(first, new IOException("reset"), 1, first) >= 0);
        g.beginNextAttempt(0, null);
        assertEquals(-1, g.onAttemptEnd(first, new IllegalArgumentException("bad"), 2, first));
        assertEquals(2, exhausted().get(0).attempts());
    }

    @Test
    void aCallThatSucceedsOrFailsOnItsFirstAttemptWithoutRetryIsNotExhausted() {
        Guard g = guard(3, List.of("java.lang.IllegalArgumentException"));
        g.enter();
        long start = g.now();
        assertEquals(-1, g.onAttemptEnd(start, null, 1, start));
        g.enter();
        assertEquals(-1, g.onAttemptEnd(start, new IllegalArgumentException("bad"), 1, start));
        Guard once = registry.guardOf(registry.register("com.acme.Orders#cancel", new GuardPlan(
                "com.acme.Orders#cancel", null, null, "single", new RetryRules(1, 0, 1.0, 0, 0, 0, List.of(),
                        List.of()), null, null, null, null)));
        once.enter();
        assertEquals(-1, once.onAttemptEnd(start, new IOException("reset"), 1, start));
        assertTrue(exhausted().isEmpty(), published::toString);
    }
}
