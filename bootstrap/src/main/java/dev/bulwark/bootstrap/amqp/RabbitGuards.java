package dev.bulwark.bootstrap.amqp;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.util.WeakIdentityMap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What RabbitMQ advice calls. A consumer's queue is learned when it starts consuming
 * ({@code basicConsume}); each delivery then passes the queue's circuit breaker (while it is open,
 * consumption waits instead of burning messages into the dead-letter queue), and a delivery whose
 * handler throws is handed to a delay queue (to come back later) or, after its last attempt, to the
 * dead-letter queue. The original is acknowledged only once the broker confirmed the copy; if it
 * cannot be confirmed, the original goes back to its queue. amqp-client types appear as Object: this
 * class lives on the boot class path ({@link AmqpClient} reaches them).
 */
public final class RabbitGuards {
    /** Header: how many attempts at this message failed so far. */
    public static final String ATTEMPTS = "x-bulwark-attempts";
    public static final String ORIGINAL_EXCHANGE = "x-bulwark-original-exchange";
    public static final String ORIGINAL_ROUTING_KEY = "x-bulwark-original-routing-key";
    public static final String QUEUE = "x-bulwark-queue";
    public static final String EXCEPTION = "x-bulwark-exception";
    public static final String EXCEPTION_MESSAGE = "x-bulwark-exception-message";
    public static final String STACK_TRACE = "x-bulwark-stack-trace";
    public static final String FIRST_FAILED_AT = "x-bulwark-first-failed-at";
    public static final String LAST_FAILED_AT = "x-bulwark-last-failed-at";
    public static final String DEAD_LETTERED_AT = "x-bulwark-dead-lettered-at";
    static final int MAX_STACK_CHARS = 4000;
    static final int MAX_MESSAGE_CHARS = 1000;
    static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    /** How the agent plans a queue's guard and retries from its rules. */
    public interface Planner {
        /** True when consumers of this queue are guarded. */
        boolean guards(String queue);

        /** The queue's guard: its circuit breaker. */
        GuardPlan plan(String queue);

        /** Attempts in all, the first included. */
        int maxAttempts(String queue);

        /** The wait before the attempt after failed attempt {@code failedAttempts}. */
        long delayNanos(String queue, int failedAttempts);
    }

    private record Consumption(Object channel, String queue, boolean autoAck) {
    }

    private static volatile Planner planner;
    // Per thread: how deep in handleDelivery calls we are (an override may call super.handleDelivery).
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final WeakIdentityMap<Consumption> CONSUMERS = new WeakIdentityMap<>();
    private static final ConcurrentHashMap<String, Integer> SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, QueueStats> STATS = new ConcurrentHashMap<>();
    private static final HandOff HAND_OFF = new HandOff(CONFIRM_TIMEOUT_MILLIS);

    private RabbitGuards() {
    }

    public static void install(Planner p) {
        planner = p;
    }

    /** Figures per queue, for telemetry. A live view. */
    public static Map<String, QueueStats> stats() {
        return Collections.unmodifiableMap(STATS);
    }

    /** Enters a handleDelivery call on this thread; true when it is the outermost. */
    public static boolean enterDelivery() {
        return DEPTH.get()[0]++ == 0;
    }

    /** Leaves it; pairs with {@link #enterDelivery()}. */
    public static void exitDelivery() {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            depth[0]--;
        }
    }

    /** {@code basicConsume} ran: deliveries to {@code consumer} come from {@code queue} on {@code channel}. */
    public static void consumerStarted(Object channel, String queue, boolean autoAck, Object consumer) {
        // amq.*: server-named and reserved queues (direct reply-to, amq.gen-...), which have no durable home
        // for retries; an empty name is the channel's last declared queue, unknown here.
        if (channel != null && queue != null && !queue.isEmpty() && !queue.startsWith("amq.") && consumer != null) {
            CONSUMERS.put(consumer, new Consumption(channel, queue, autoAck));
        }
    }

    /**
     * Before a delivery: the queue's guard, its breaker's permit taken, or null when the consumer is not
     * guarded. While the breaker is open this waits (consumption pauses) until a trial is allowed.
     */
    public static Guard beforeDelivery(Object consumer) {
        Planner p = planner;
        Consumption c = p == null ? null : CONSUMERS.get(consumer);
        if (c == null || !p.guards(c.queue)) {
            return null;
        }
        try {
            Guard guard = Registry.guard(SITES.computeIfAbsent(c.queue,
                    q -> Registry.global().register("rabbitmq:" + q, () -> p.plan(q))));
            QueueStats stats = stats(c.queue);
            stats.delivered.increment();
            boolean paused = false;
            while (true) {
                try {
                    guard.enter();
                    return guard;
                } catch (CircuitBreakerOpenException open) {
                    if (!paused) {
                        paused = true;
                        stats.paused.increment();
                        BulwarkLog.info("consumption of queue " + c.queue + " paused: its circuit breaker is open");
                    }
                    long wait = guard.breaker() == null ? 0 : guard.breaker().remainingOpenNanos();
                    TimeUnit.NANOSECONDS.sleep(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(10)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the channel is closing: let the delivery run as it would
            return null;
        } catch (RuntimeException e) {
            BulwarkLog.warnOnce("rabbit-before:" + c.queue, "queue " + c.queue + " is not guarded: " + e, e);
            return null;
        }
    }

    /**
     * After a delivery. A failure is handed off (delay queue or dead-letter queue, confirmed by the
     * broker, then the original acknowledged) and true is returned: the advice then swallows it, since
     * amqp-client would otherwise close the channel. False: leave the outcome as it is.
     */
    public static boolean afterDelivery(Guard guard, Object consumer, long start, Object envelope, Object properties,
            byte[] body, Throwable thrown) {
        if (guard == null) {
            return false;
        }
        Consumption c = CONSUMERS.get(consumer);
        if (c == null) {
            return false;
        }
        QueueStats stats = stats(c.queue);
        guard.onAttemptEnd(start, thrown, 1, start, thrown, false);
        if (thrown == null) {
            stats.succeeded.increment();
            return false;
        }
        Planner p = planner;
        AmqpClient client;
        long tag;
        try {
            client = AmqpClient.of(c.channel);
            tag = client.deliveryTag(envelope);
        } catch (Throwable e) {
            BulwarkLog.warnOnce("rabbit-client", "cannot read RabbitMQ deliveries; failures stay as they are", e);
            return false;
        }
        try {
            Map<String, Object> headers = copy(client.headers(properties));
            int failed = attempts(headers) + 1;
            long now = System.currentTimeMillis();
            headers.put(ATTEMPTS, failed);
            headers.putIfAbsent(ORIGINAL_EXCHANGE, client.exchange(envelope));
            headers.putIfAbsent(ORIGINAL_ROUTING_KEY, client.routingKey(envelope));
            headers.putIfAbsent(QUEUE, c.queue);
            headers.putIfAbsent(FIRST_FAILED_AT, now);
            headers.put(LAST_FAILED_AT, now);
            headers.put(EXCEPTION, thrown.getClass().getName());
            headers.put(EXCEPTION_MESSAGE, bounded(String.valueOf(thrown.getMessage()), MAX_MESSAGE_CHARS));
            Object copyProperties;
            if (failed >= p.maxAttempts(c.queue)) {
                headers.put(STACK_TRACE, bounded(stackTrace(thrown), MAX_STACK_CHARS));
                headers.put(DEAD_LETTERED_AT, now);
                copyProperties = client.withHeaders(properties, headers);
                HAND_OFF.publish(client, c.channel, Topology.deadLetterQueue(c.queue), Topology.deadLetterArguments(),
                        copyProperties, body);
                stats.deadLettered.increment();
                EventBus.global().publish(new BulwarkEvent.DeadLettered(c.queue, Topology.deadLetterQueue(c.queue), failed,
                        thrown.getClass().getName(), Instant.ofEpochMilli(now)));
                BulwarkLog.debug("queue " + c.queue + ": a message failed its last attempt (" + failed
                        + ") and went to " + Topology.deadLetterQueue(c.queue));
            } else {
                long delay = p.delayNanos(c.queue, failed);
                copyProperties = client.withHeaders(properties, headers);
                HAND_OFF.publish(client, c.channel, Topology.delayQueue(c.queue, delay),
                        Topology.delayArguments(c.queue, delay), copyProperties, body);
                stats.retried.increment();
                EventBus.global().publish(new BulwarkEvent.RetryScheduled("rabbitmq:" + c.queue, c.queue, failed,
                        Duration.ofNanos(delay), thrown, Instant.ofEpochMilli(now)));
            }
            if (!c.autoAck) {
                client.ack(c.channel, tag);
            }
            return true;
        } catch (Throwable e) {
            stats.handOffFailures.increment();
            BulwarkLog.warn("queue " + c.queue + ": the copy of a failed message was not confirmed by the broker ("
                    + e + "); the message goes back to its queue");
            if (!c.autoAck) {
                try {
                    client.nackRequeue(c.channel, tag);
                    return true;
                } catch (Throwable nack) {
                    return false; // the channel is gone: the broker requeues what was not acknowledged
                }
            }
            return false;
        }
    }

    static int attempts(Map<String, Object> headers) {
        Object n = headers.get(ATTEMPTS);
        if (n instanceof Number number) {
            return Math.max(0, number.intValue());
        }
        if (n != null) {
            try {
                return Math.max(0, Integer.parseInt(n.toString().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static Map<String, Object> copy(Map<String, Object> headers) {
        return headers == null ? new HashMap<>() : new HashMap<>(headers);
    }

    static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static QueueStats stats(String queue) {
        QueueStats s = STATS.get(queue);
        return s != null ? s : STATS.computeIfAbsent(queue, q -> new QueueStats());
    }
}
