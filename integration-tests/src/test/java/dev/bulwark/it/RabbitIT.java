package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RabbitMQ consumers guarded by the real agent against the broker on this machine. */
class RabbitIT {
    private static final String APP = "dev.bulwark.it.app.amqp.RabbitApp";

    @TempDir
    Path dir;
    private Connection connection;
    private Channel channel;
    private final Set<String> queues = new HashSet<>();

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    @BeforeEach
    void connect() throws Exception {
        Databases.require("RabbitMQ", 5672);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        connection = factory.newConnection();
        channel = connection.createChannel();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (channel == null) {
            return;
        }
        for (String q : queues) {
            for (String suffix : List.of("", ".dlq", ".retry.50ms", ".retry.100ms", ".retry.200ms", ".retry.400ms",
                    ".retry.1s", ".retry.2s")) {
                channel.queueDelete(q + suffix);
            }
        }
        connection.close();
    }

    private String queue(String name) {
        String q = "bulwark-it-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        queues.add(q);
        return q;
    }

    private AgentJvm.Result run(Path jdk, String yaml, String... args) throws Exception {
        AgentJvm.Result r = AgentJvm.runConfigured(jdk, dir, yaml, APP, args);
        assertTrue(r.outLines().contains("done"), r::toString);
        return r;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFailedMessageComesBackAfterItsDelayAndSucceedsOnTheThirdAttempt(Path jdk) throws Exception {
        String q = queue("retry");
        AgentJvm.Result r = run(jdk, """
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 3, wait-duration: 100ms, backoff-multiplier: 2}
                """, "retry", q);
        List<String> out = r.outLines();
        assertTrue(out.contains("attempt 1 failed"), r::toString);
        assertTrue(out.contains("attempt 2 failed"), r::toString);
        assertTrue(out.contains("attempt 3 succeeded, header attempts=2 body=hello"), r::toString);
        assertTrue(out.contains("retried 2"), r::toString);
        assertTrue(out.contains("dead-lettered 0"), r::toString);
        // The delay queues are the documented ones, one per backoff step, and they are empty now.
        assertEquals(0, channel.queueDeclarePassive(q + ".retry.100ms").getMessageCount());
        assertEquals(0, channel.queueDeclarePassive(q + ".retry.200ms").getMessageCount());
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aMessageThatAlwaysFailsEndsInTheDeadLetterQueueWithWhy(Path jdk) throws Exception {
        String q = queue("dlq");
        AgentJvm.Result r = run(jdk, """
                messaging:
                  rabbitmq:
                    queues:
                      %s:
                        retry: {max-attempts: 2, wait-duration: 50ms}
                """.formatted(q), "dead-letter", q, "1");
        List<String> out = r.outLines();
        assertTrue(out.contains("header x-bulwark-attempts=2"), r::toString);
        assertTrue(out.contains("header x-bulwark-queue=" + q), r::toString);
        assertTrue(out.contains("header x-bulwark-original-exchange="), r::toString);
        assertTrue(out.contains("header x-bulwark-original-routing-key=" + q), r::toString);
        assertTrue(out.contains("header x-bulwark-exception=java.lang.IllegalArgumentException"), r::toString);
        assertTrue(out.contains("header x-bulwark-exception-message=cannot parse order order-0"), r::toString);
        assertTrue(out.contains("header x-bulwark-stack-trace starts java.lang.IllegalArgumentException: cannot parse "
                + "order order-0"), r::toString);
        for (String at : List.of("first-failed-at", "last-failed-at", "dead-lettered-at")) {
            assertTrue(out.contains("header x-bulwark-" + at + " is a time true"), r::toString);
        }
        assertTrue(out.contains("message id m0"), () -> "the message's own properties were lost:\n" + r);
        assertTrue(out.contains("event a message of queue '" + q + "' failed 2 attempts (last: "
                + "java.lang.IllegalArgumentException) and went to " + q + ".dlq"), r::toString);
        assertEquals(1, channel.queueDeclarePassive(q + ".dlq").getMessageCount());
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void inAutoAckModeAFailedMessageStillReachesTheDeadLetterQueue() throws Exception {
        String q = queue("auto-ack");
        AgentJvm.Result r = run(AgentJvm.jdks().get(0), """
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 2, wait-duration: 50ms}
                """, "dead-letter-auto-ack", q, "1");
        assertTrue(r.outLines().contains("header x-bulwark-attempts=2"), r::toString);
        assertEquals(1, channel.queueDeclarePassive(q + ".dlq").getMessageCount());
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anOpenBreakerPausesConsumptionInsteadOfFillingTheDeadLetterQueue(Path jdk) throws Exception {
        String q = queue("pause");
        AgentJvm.Result r = run(jdk, """
                messaging:
                  rabbitmq:
                    defaults:
                      circuit-breaker: {sliding-window-size: 4, minimum-number-of-calls: 4, wait-duration-in-open-state: 500ms}
                      retry: {max-attempts: 10, wait-duration: 50ms, backoff-multiplier: 1}
                """, "pause", q);
        List<String> out = r.outLines();
        assertTrue(out.contains("paused true"), r::toString);
        assertTrue(out.contains("succeeded 20"), r::toString);
        assertTrue(out.contains("dead-lettered 0"), r::toString);
        assertTrue(r.err().contains("consumption of queue " + q + " paused: its circuit breaker is open"), r::toString);
    }

    @Test
    void dlqReplayMovesEveryMessageBackAndLosesNone() throws Exception {
        Path jdk = AgentJvm.jdks().get(0);
        String q = queue("replay");
        run(jdk, """
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 1}
                      circuit-breaker: {sliding-window-size: 1000, minimum-number-of-calls: 1000}
                """, "dead-letter", q, "25");
        assertEquals(25, channel.queueDeclarePassive(q + ".dlq").getMessageCount());
        AgentJvm.Result partial = AgentJvm.cli(jdk, "dlq", "replay", q, "--limit", "10", "--uri",
                "amqp://guest:guest@127.0.0.1:5672");
        assertEquals(0, partial.exitCode(), partial::toString);
        assertEquals("replayed 10 messages from " + q + ".dlq to " + q, partial.out().strip());
        AgentJvm.Result rest = AgentJvm.cli(jdk, "dlq", "replay", q + ".dlq", "--uri",
                "amqp://guest:guest@127.0.0.1:5672");
        assertEquals("replayed 15 messages from " + q + ".dlq to " + q, rest.out().strip(), rest::toString);
        assertEquals(0, channel.queueDeclarePassive(q + ".dlq").getMessageCount());
        Set<String> bodies = new HashSet<>();
        for (GetResponse m; (m = channel.basicGet(q, true)) != null; ) {
            bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
            assertTrue(m.getProps().getHeaders().containsKey("x-bulwark-replayed-at"));
            assertTrue(!m.getProps().getHeaders().containsKey("x-bulwark-attempts"), "attempts start again");
        }
        assertEquals(25, bodies.size(), bodies::toString);
    }

    @Test
    void dlqReplayOfAnUnreachableBrokerSaysSoWithoutThePassword() throws Exception {
        AgentJvm.Result r = AgentJvm.cli(AgentJvm.jdks().get(0), "dlq", "replay", "orders", "--uri",
                "amqp://guest:t0p-s3cret@127.0.0.1:1/");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("could not replay orders: "), () -> "a clear first line, nothing else:\n" + r);
        assertTrue(!r.out().contains("t0p-s3cret") && !r.err().contains("t0p-s3cret"), r::toString);
    }

    /**
     * 10,000 messages, 30% of deliveries failing at random, the consumer JVM killed (SIGKILL) twice and
     * started again: at the end every message was processed or sits in the dead-letter queue.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void noMessageIsLostWhenTheConsumerIsKilledTwice(Path jdk) throws Exception {
        String q = queue("loss");
        channel.queueDeclare(q, true, false, false, null);
        channel.confirmSelect();
        int total = 10_000;
        for (int i = 0; i < total; i++) {
            channel.basicPublish("", q, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    ("id-" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(30_000);
        Path record = dir.resolve("processed.txt");
        Path yaml = dir.resolve("bulwark.yaml");
        Files.writeString(yaml, """
                messaging:
                  rabbitmq:
                    defaults:
                      retry: {max-attempts: 3, wait-duration: 50ms, backoff-multiplier: 1}
                      circuit-breaker: {failure-rate-threshold: 100, minimum-number-of-calls: 1000}
                """);
        for (int kill : new int[] {total * 3 / 10, total * 6 / 10}) {
            AgentJvm.Running consumer = AgentJvm.start(jdk, true, "config=" + yaml, List.of(), APP, "loss-consumer", q,
                    record.toString());
            consumer.awaitLine("consuming");
            try {
                await(() -> lines(record) >= kill, kill + " messages processed");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": processed " + lines(record) + ", in the queue " + count(q)
                        + ", waiting to come back " + count(q + ".retry.50ms") + "\n" + consumer.kill(), e);
            }
            consumer.kill();
        }
        AgentJvm.Running consumer = AgentJvm.start(jdk, true, "config=" + yaml, List.of(), APP, "loss-consumer", q,
                record.toString());
        consumer.awaitLine("consuming");
        try {
            await(() -> settled(q, record, total), "every message processed or dead-lettered");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": processed " + new HashSet<>(Files.readAllLines(record)).size()
                    + ", dead-lettered " + count(q + ".dlq") + ", in the queue " + count(q) + ", waiting to come back "
                    + count(q + ".retry.50ms") + "\n" + consumer.kill(), e);
        }
        consumer.kill();
        Set<String> seen = new HashSet<>(Files.readAllLines(record));
        int processedLines = Files.readAllLines(record).size();
        int dead = 0;
        for (GetResponse m; (m = channel.basicGet(q + ".dlq", true)) != null; dead++) {
            seen.add(new String(m.getBody(), StandardCharsets.UTF_8));
        }
        Set<String> missing = new HashSet<>();
        for (int i = 0; i < total; i++) {
            if (!seen.contains("id-" + i)) {
                missing.add("id-" + i);
            }
        }
        assertEquals(Set.of(), missing, "lost messages");
        assertTrue(dead > 0, "30% failures with 3 attempts leave some messages in the DLQ");
        System.out.println("loss test: " + processedLines + " processed lines, " + (processedLines + dead - total)
                + " duplicates, " + dead + " dead-lettered");
    }

    private boolean settled(String q, Path record, int total) {
        try {
            Set<String> processed = new HashSet<>(Files.readAllLines(record));
            long waiting = count(q) + count(q + ".retry.50ms");
            return waiting == 0 && processed.size() + count(q + ".dlq") >= total;
        } catch (Exception e) {
            return false;
        }
    }

    /** Messages in a queue; 0 when it does not exist (yet). A channel of its own: a missing queue closes it. */
    private long count(String queue) throws Exception {
        try (Channel c = connection.createChannel()) {
            return c.queueDeclarePassive(queue).getMessageCount();
        } catch (java.io.IOException notFound) {
            return 0;
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
