package dev.bulwark.bootstrap.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PoolExhaustionTest {
    private static final long S = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();
    private final EventBus bus = new EventBus();
    private final List<BulwarkEvent> events = new CopyOnWriteArrayList<>();
    private final PoolExhaustion exhaustion = new PoolExhaustion("jdbc:postgresql://db1:5432/orders", bus, clock);

    PoolExhaustionTest() {
        bus.subscribe(events::add);
    }

    private void timedOut() {
        exhaustion.timedOut(clock.nanoTime(), 4, 4, 2, 2 * S);
    }

    @Test
    void theFirstTimeoutIsSaidAtOnceWithThePoolsState() {
        timedOut();
        BulwarkEvent.PoolExhausted e = assertInstanceOf(BulwarkEvent.PoolExhausted.class, events.get(0));
        assertEquals("jdbc:postgresql://db1:5432/orders", e.pool());
        assertEquals(4, e.maxSize());
        assertEquals(4, e.inUse());
        assertEquals(2, e.waiting());
        assertEquals(Duration.ofSeconds(2), e.acquireTimeout());
        assertEquals(1, e.timeouts());
        assertEquals(clock.wallMillis(), e.time().toEpochMilli());
        assertEquals("pool 'jdbc:postgresql://db1:5432/orders' exhausted: 1 borrower got no connection within 2000ms "
                + "(4 in use of 4, 2 waiting)", e.toString());
    }

    @Test
    void furtherTimeoutsWithinTheIntervalAreCountedIntoTheNextEvent() {
        timedOut();
        clock.advanceNanos(PoolExhaustion.INTERVAL_NANOS - 1);
        timedOut();
        timedOut();
        assertEquals(1, events.size());
        clock.advanceNanos(1);
        timedOut();
        assertEquals(2, events.size());
        assertEquals(3, ((BulwarkEvent.PoolExhausted) events.get(1)).timeouts());
    }

    @Test
    void aPoolThatRecoveredIsSaidAgainOnItsNextTimeout() {
        timedOut();
        clock.advanceNanos(3600 * S);
        timedOut();
        assertEquals(2, events.size());
        assertEquals(1, ((BulwarkEvent.PoolExhausted) events.get(1)).timeouts());
    }

    @Test
    void aSubscriberThatThrowsNeverReachesTheBorrower() {
        EventBus failing = new EventBus();
        failing.subscribe(e -> {
            throw new IllegalStateException("subscriber bug");
        });
        new PoolExhaustion("p", failing, clock).timedOut(0, 1, 1, 1, S);
    }
}
