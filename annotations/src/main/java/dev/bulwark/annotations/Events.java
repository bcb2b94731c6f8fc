package dev.bulwark.annotations;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed subscriptions to Bulwark's events: {@code Bulwark.events().subscribe(BulwarkEvent.StateTransition.class, t -> ...)}.
 * Without the agent attached, subscribing does nothing and returns a subscription that does nothing.
 */
public final class Events {
    static final Events INSTANCE = new Events();

    private Events() {
    }

    /** Delivers the events of {@code type} (and its subtypes) to {@code handler} until the subscription is closed. */
    public <E extends BulwarkEvent> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return Bulwark.subscribe(event -> {
            if (type.isInstance(event)) {
                handler.accept(type.cast(event));
            }
        });
    }

    /** Delivers every event. */
    public Subscription subscribe(Consumer<? super BulwarkEvent> handler) {
        return Bulwark.subscribe(handler);
    }
}
