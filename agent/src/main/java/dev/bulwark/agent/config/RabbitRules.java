package dev.bulwark.agent.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code messaging.rabbitmq:} section, checked: whether every consumed queue is guarded or only
 * those named, the policies of every queue, and per queue.
 */
public record RabbitRules(boolean allQueues, Map<PolicyType, Map<String, Value>> defaults,
        Map<String, Map<PolicyType, Map<String, Value>>> queues) {

    /** The policy types a queue's consumer can be guarded with. */
    public static final List<PolicyType> TYPES = List.of(PolicyType.CIRCUIT_BREAKER, PolicyType.RETRY);

    /** The keys under {@code messaging.rabbitmq:}. */
    public static final List<String> KEYS = List.of("all-queues", "defaults", "queues");

    /** True when a consumer of this queue is guarded. */
    public boolean guards(String queue) {
        return allQueues || queues.containsKey(queue);
    }
}
