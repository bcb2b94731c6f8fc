package dev.bulwark.bootstrap.pool;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says on the event bus that a pool is exhausted ({@link BulwarkEvent.PoolExhausted}) when a
 * borrower times out, at most once per {@link #INTERVAL_NANOS}: an exhausted pool refuses many
 * borrowers a second, and one event with their count says as much without flooding the bus. Runs
 * on the refused borrower's thread, after its wait; takes no lock.
 */
final class PoolExhaustion {
    static final long INTERVAL_NANOS = 10_000_000_000L;
    /** No event yet; a clock reading is never this value in practice. */
    private static final long NEVER = Long.MIN_VALUE;

    private final String pool;
    private final EventBus events;
    private final Clock clock;
    private final AtomicLong lastEventNanos = new AtomicLong(NEVER);
    private final AtomicLong unreported = new AtomicLong();

    PoolExhaustion(String pool, EventBus events, Clock clock) {
        this.pool = pool;
        this.events = events;
        this.clock = clock;
    }

    /** One borrower was refused at {@code now}; publishes an event if none was in the last interval. Never throws. */
    void timedOut(long now, int maxSize, int inUse, int waiting, long acquireTimeoutNanos) {
        try {
            unreported.incrementAndGet();
            long last = lastEventNanos.get();
            if (last != NEVER && now - last < INTERVAL_NANOS || !lastEventNanos.compareAndSet(last, now)) {
                return; // said recently, or another refused borrower is saying it now
            }
            events.publish(new BulwarkEvent.PoolExhausted(pool, maxSize, inUse, waiting,
                    Duration.ofNanos(acquireTimeoutNanos), unreported.getAndSet(0),
                    Instant.ofEpochMilli(clock.wallMillis())));
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("pool-exhausted", "cannot say that pool " + pool + " is exhausted", e);
        }
    }
}
