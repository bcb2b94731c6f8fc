package dev.bulwark.agent.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.bulwark.bootstrap.amqp.RabbitGuards;
import dev.bulwark.bootstrap.amqp.Topology;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code dlq replay QUEUE}: moves messages from {@code QUEUE.dlq} back to {@code QUEUE}, each one
 * acknowledged in the dead-letter queue only after the broker confirmed its copy in the queue, so a
 * crash or a broker failure midway loses nothing (a message may then be in both). A replayed message
 * gets its attempts back: its attempt count is reset, and it is marked with when it was replayed.
 */
public final class DlqReplay {
    /** Header: when the message was last moved back from the dead-letter queue. */
    public static final String REPLAYED_AT = "x-bulwark-replayed-at";
    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final String uri;

    public DlqReplay(String uri) {
        this.uri = uri;
    }

    /**
     * @param queue the original queue, or its dead-letter queue's name
     * @param limit most messages to move; 0 for all that are there now
     * @return how many were moved
     */
    public int replay(String queue, int limit) throws Exception {
        String target = queue.endsWith(".dlq") ? queue.substring(0, queue.length() - 4) : queue;
        String dlq = Topology.deadLetterQueue(target);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("bulwark dlq replay"); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long waiting = channel.queueDeclarePassive(dlq).getMessageCount();
            long todo = limit > 0 ? Math.min(limit, waiting) : waiting; // not the ones that arrive meanwhile
            int moved = 0;
            while (moved < todo) {
                GetResponse m = channel.basicGet(dlq, false);
                if (m == null) {
                    break;
                }
                try {
                    channel.basicPublish("", target, replayed(m.getProps()), m.getBody());
                    channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
                } catch (Exception e) {
                    channel.basicNack(m.getEnvelope().getDeliveryTag(), false, true);
                    throw e;
                }
                channel.basicAck(m.getEnvelope().getDeliveryTag(), false);
                moved++;
            }
            return moved;
        }
    }

    private static AMQP.BasicProperties replayed(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>()
                : new HashMap<>(properties.getHeaders());
        headers.remove(RabbitGuards.ATTEMPTS);
        headers.put(REPLAYED_AT, System.currentTimeMillis());
        return properties.builder().headers(headers).build();
    }
}
