package dev.bulwark.agent.telemetry;

import dev.bulwark.annotations.BulwarkEvent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Bulwark's events waiting to become log records. Subscribed to the bus when telemetry starts, before
 * the SDK is built (which takes a second or more), so events of the first moments are kept. The
 * subscriber runs on the thread that published the event (a rejected call's), so it only queues,
 * lock-free and bounded: past {@value #CAPACITY} waiting events, more are dropped. References no
 * OpenTelemetry type: premain may load it.
 */
final class EventQueue implements Consumer<BulwarkEvent> {
    static final int CAPACITY = 4096;

    private final Queue<BulwarkEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    @Override
    public void accept(BulwarkEvent event) {
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(event);
    }

    /** The next waiting event, or null. */
    BulwarkEvent poll() {
        BulwarkEvent e = queue.poll();
        if (e != null) {
            size.decrementAndGet();
        }
        return e;
    }

    long dropped() {
        return dropped.get();
    }
}
