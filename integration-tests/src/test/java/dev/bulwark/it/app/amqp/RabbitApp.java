package dev.bulwark.it.app.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.amqp.QueueStats;
import dev.bulwark.bootstrap.amqp.RabbitGuards;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * RabbitMQ consumers with no Bulwark code: handlers that throw. With the agent attached, failures go
 * to delay queues and the dead-letter queue, and an open breaker pauses consumption. Prints facts.
 */
public final class RabbitApp {
    private RabbitApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            String queue = args[1];
            switch (args[0]) {
                case "retry" -> retry(channel, queue);
                case "dead-letter" -> deadLetter(channel, queue, Integer.parseInt(args[2]), false);
                case "dead-letter-auto-ack" -> deadLetter(channel, queue, Integer.parseInt(args[2]), true);
                case "pause" -> pause(channel, queue);
                case "consume-ok" -> consumeOk(channel, queue, Integer.parseInt(args[2]));
                case "loss-consumer" -> lossConsumer(channel, queue, Path.of(args[2]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }

    /** Fails the first two attempts at each message; the third succeeds. */
    private static void retry(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                int n = attempts.incrementAndGet();
                if (n < 3) {
                    System.out.println("attempt " + n + " failed");
                    throw new IllegalStateException("downstream said no (" + n + ")");
                }
                System.out.println("attempt " + n + " succeeded, header attempts=" + headers(properties)
                        .get("x-bulwark-attempts") + " body=" + new String(body, StandardCharsets.UTF_8));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                done.set(true);
            }
        });
        channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
        await(done::get, "the third attempt");
        System.out.println("dead-lettered " + RabbitGuards.stats().get(queue).deadLettered());
        System.out.println("retried " + RabbitGuards.stats().get(queue).retried());
    }

    /** Always fails: every message ends in QUEUE.dlq. Prints the headers of one. */
    private static void deadLetter(Channel channel, String queue, int messages, boolean autoAck) throws Exception {
        Bulwark.events().subscribe(BulwarkEvent.DeadLettered.class, e -> System.out.println("event " + e));
        channel.queueDeclare(queue, true, false, false, null);
        channel.basicConsume(queue, autoAck, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                throw new IllegalArgumentException("cannot parse order " + new String(body, StandardCharsets.UTF_8));
            }
        });
        for (int i = 0; i < messages; i++) {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("m" + i).build(),
                    ("order-" + i).getBytes(StandardCharsets.UTF_8));
        }
        await(() -> RabbitGuards.stats().containsKey(queue)
                && RabbitGuards.stats().get(queue).deadLettered() == messages, "every message in the DLQ");
        GetResponse m = channel.basicGet(queue + ".dlq", false);
        new TreeMap<>(headers(m.getProps())).forEach((k, v) -> {
            if (k.equals("x-bulwark-stack-trace")) {
                System.out.println("header " + k + " starts " + v.toString().lines().findFirst().orElse(""));
            } else if (k.endsWith("-at")) {
                System.out.println("header " + k + " is a time " + (v instanceof Number n && n.longValue() > 0));
            } else {
                System.out.println("header " + k + "=" + v);
            }
        });
        System.out.println("message id " + m.getProps().getMessageId());
        channel.basicNack(m.getEnvelope().getDeliveryTag(), false, true);
    }

    /**
     * The handler's downstream is down for a while: the breaker opens and consumption waits instead of
     * sending every message to the dead-letter queue; once it is back, every message succeeds.
     */
    private static void pause(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        channel.basicQos(1);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                if (down.get()) {
                    throw new IOException("downstream unreachable");
                }
                succeeded.incrementAndGet();
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        for (int i = 0; i < 20; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        await(() -> RabbitGuards.stats().containsKey(queue) && RabbitGuards.stats().get(queue).paused() > 0,
                "consumption to pause");
        down.set(false);
        await(() -> succeeded.get() == 20, "every message to succeed");
        QueueStats stats = RabbitGuards.stats().get(queue);
        System.out.println("paused " + (stats.paused() > 0));
        System.out.println("succeeded " + succeeded.get());
        System.out.println("dead-lettered " + stats.deadLettered());
    }

    /** A handler that succeeds, until {@code messages} are processed. */
    private static void consumeOk(Channel channel, String queue, int messages) throws Exception {
        AtomicInteger n = new AtomicInteger();
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                n.incrementAndGet();
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        await(() -> n.get() >= messages, messages + " messages");
        System.out.println("consumed " + n.get());
    }

    /**
     * Fails 30% of deliveries at random; records each success in a file before acknowledging it (so
     * a kill between the two makes a duplicate, never a loss). Runs until killed.
     */
    private static void lossConsumer(Channel channel, String queue, Path record) throws Exception {
        channel.basicQos(50);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                if (ThreadLocalRandom.current().nextInt(100) < 30) {
                    throw new IllegalStateException("random failure");
                }
                Files.writeString(record, new String(body, StandardCharsets.UTF_8) + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        System.out.println("consuming");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Map<String, Object> headers(AMQP.BasicProperties properties) {
        return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
