package dev.bulwark.bootstrap.amqp;

import java.util.Map;

/**
 * The queues Bulwark declares next to a consumer's queue: one delay queue per backoff step, whose
 * messages expire after the step's delay and are dead-lettered back to the original queue through
 * the default exchange; and the dead-letter queue {@code <queue>.dlq}. All durable, never auto-deleted.
 */
public final class Topology {
    private Topology() {
    }

    /** {@code orders.retry.1s}, {@code orders.retry.250ms}: the name says the delay, so its arguments never differ. */
    public static String delayQueue(String queue, long delayNanos) {
        long ms = Math.max(1, delayNanos / 1_000_000L);
        return queue + ".retry." + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
    }

    public static Map<String, Object> delayArguments(String queue, long delayNanos) {
        return Map.of("x-message-ttl", Math.max(1, delayNanos / 1_000_000L), "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", queue);
    }

    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    public static Map<String, Object> deadLetterArguments() {
        return Map.of();
    }
}
