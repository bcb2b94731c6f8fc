package dev.bulwark.annotations;

/** A listener's registration; closing it stops further deliveries. Closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    void unsubscribe();

    @Override
    default void close() {
        unsubscribe();
    }
}
