package dev.bulwark.bootstrap.event;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.Subscription;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers policy events to subscribers, synchronously on the publishing thread. Publishing is
 * off the success path, so a copy-on-write list is cheap enough and needs no lock to iterate.
 */
public final class EventBus {
    private static final EventBus GLOBAL = new EventBus();

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    public EventBus() {
    }

    /** The JVM-wide bus that {@code dev.bulwark.annotations.Bulwark#subscribe} reaches. */
    public static EventBus global() {
        return GLOBAL;
    }

    /** Called reflectively by {@code dev.bulwark.annotations.Bulwark}; keep the signature. */
    public static Subscription subscribeGlobal(Consumer<? super BulwarkEvent> listener) {
        return GLOBAL.subscribe(listener);
    }

    public Subscription subscribe(Consumer<? super BulwarkEvent> listener) {
        Listener l = new Listener(Objects.requireNonNull(listener, "listener"));
        listeners.add(l);
        return l;
    }

    /** Cheap: lets callers skip building an event nobody would receive. */
    public boolean hasSubscribers() {
        return !listeners.isEmpty();
    }

    public void publish(BulwarkEvent event) {
        for (Listener l : listeners) {
            l.deliver(event);
        }
    }

    private final class Listener implements Subscription {
        private final Consumer<? super BulwarkEvent> consumer;
        // Checked per delivery: a listener unsubscribed during a publish gets nothing more, even
        // though the publish iterates a snapshot that still holds it.
        private volatile boolean active = true;
        private final AtomicBoolean failureReported = new AtomicBoolean();

        Listener(Consumer<? super BulwarkEvent> consumer) {
            this.consumer = consumer;
        }

        void deliver(BulwarkEvent event) {
            if (!active) {
                return;
            }
            try {
                consumer.accept(event);
            } catch (Throwable t) {
                // A subscriber's bug must never fail the guarded call, nor spam the log.
                if (failureReported.compareAndSet(false, true)) {
                    BulwarkLog.warn("event subscriber " + consumer.getClass().getName() + " threw on event '"
                            + event + "'; it keeps receiving events and further failures are not reported", t);
                }
            }
        }

        @Override
        public void unsubscribe() {
            active = false;
            listeners.remove(this);
        }
    }
}
