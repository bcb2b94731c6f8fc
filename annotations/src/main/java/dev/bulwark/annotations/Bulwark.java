package dev.bulwark.annotations;

import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * The application's view of the agent: whether it is attached, and its events.
 *
 * <p>This jar has no dependencies; when the agent is attached, its runtime is found on the
 * bootstrap class path by name. Without the agent every call here is a harmless no-op.
 */
public final class Bulwark {
    private static final String EVENT_BUS = "dev.bulwark.bootstrap.event.EventBus";
    private static final String AGENT_STATE = "dev.bulwark.bootstrap.AgentState";
    private static final Subscription NONE = () -> { };

    private Bulwark() {
    }

    /** Typed subscriptions: {@code Bulwark.events().subscribe(BulwarkEvent.CallRejected.class, r -> ...)}. */
    public static Events events() {
        return Events.INSTANCE;
    }

    /** True when the Bulwark agent has started in this JVM and guards its calls. */
    public static boolean isAttached() {
        try {
            return (Boolean) Class.forName(AGENT_STATE).getMethod("isStarted").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return false;
        }
    }

    /**
     * Delivers every event of every policy to {@code listener}, on the thread that caused it, until
     * the returned subscription is closed. A listener that throws is logged once and keeps receiving.
     * Keep listeners quick: they run inside the guarded call.
     */
    public static Subscription subscribe(Consumer<? super BulwarkEvent> listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        Method subscribe = subscribeMethod();
        if (subscribe == null) {
            return NONE;
        }
        try {
            return (Subscription) subscribe.invoke(null, listener);
        } catch (ReflectiveOperationException e) {
            return NONE;
        }
    }

    private static Method subscribeMethod() {
        try {
            return Class.forName(EVENT_BUS).getMethod("subscribeGlobal", Consumer.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return null;
        }
    }
}
