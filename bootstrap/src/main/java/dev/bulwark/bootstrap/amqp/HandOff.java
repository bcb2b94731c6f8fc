package dev.bulwark.bootstrap.amqp;

import dev.bulwark.bootstrap.util.WeakIdentityMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a copy and waits for the broker's confirm, on a channel of Bulwark's own (one per
 * connection, in confirm mode), never on the application's channel. A channel is used by one thread
 * at a time, so publishing on it is serialized; this is the failure path only.
 */
final class HandOff {
    private final long confirmTimeoutMillis;
    private final WeakIdentityMap<Confirming> channels = new WeakIdentityMap<>();

    HandOff(long confirmTimeoutMillis) {
        this.confirmTimeoutMillis = confirmTimeoutMillis;
    }

    /** Declares {@code queue} (once per channel), publishes to it through the default exchange, waits for the confirm. */
    void publish(AmqpClient client, Object consumerChannel, String queue, Map<String, Object> arguments,
            Object properties, byte[] body) throws Throwable {
        Object connection = client.connectionOf(consumerChannel);
        Confirming c = confirming(client, connection);
        synchronized (c) {
            try {
                if (!c.declared.contains(queue)) {
                    client.declareQueue(c.channel, queue, arguments);
                    c.declared.add(queue);
                }
                client.publish(c.channel, queue, properties, body);
                client.waitForConfirms(c.channel, confirmTimeoutMillis);
            } catch (Throwable e) {
                c.broken = true; // a failed channel is closed by the broker: the next hand-off opens another
                throw e;
            }
        }
    }

    private Confirming confirming(AmqpClient client, Object connection) throws Throwable {
        Confirming c = channels.get(connection);
        if (c != null && !c.broken && client.isOpen(c.channel)) {
            return c;
        }
        synchronized (this) {
            c = channels.get(connection);
            if (c == null || c.broken || !client.isOpen(c.channel)) {
                c = new Confirming(client.createConfirmingChannel(connection));
                channels.put(connection, c);
            }
            return c;
        }
    }

    private static final class Confirming {
        final Object channel;
        final Set<String> declared = ConcurrentHashMap.newKeySet();
        volatile boolean broken;

        Confirming(Object channel) {
            this.channel = channel;
        }
    }
}
