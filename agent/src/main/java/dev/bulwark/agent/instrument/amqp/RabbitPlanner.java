package dev.bulwark.agent.instrument.amqp;

import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.agent.config.RabbitRules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.amqp.RabbitGuards;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import java.util.HashMap;
import java.util.Map;

/**
 * Plans a queue's guard and retries from the {@code messaging.rabbitmq} rules in force: Bulwark's
 * defaults for queues, then {@code defaults}, then the queue's own rule.
 */
public final class RabbitPlanner implements RabbitGuards.Planner {
    /**
     * A message is retried a few times with growing delays; a handler's downstream outage opens the
     * breaker after a handful of failures and consumption waits 30s before trying again.
     */
    static final Map<PolicyType, Map<String, Object>> BUILT_IN = Map.of(
            PolicyType.CIRCUIT_BREAKER, Map.of("slidingWindowSize", 20, "minimumNumberOfCalls", 10,
                    "waitDurationInOpenState", 30_000_000_000L, "permittedNumberOfCallsInHalfOpenState", 3),
            PolicyType.RETRY, Map.of("maxAttempts", 3, "waitDuration", 1_000_000_000L, "backoffMultiplier", 2.0,
                    "maxWaitDuration", 60_000_000_000L));

    private final RulesInForce rules;

    public RabbitPlanner(RulesInForce rules) {
        this.rules = rules;
    }

    @Override
    public boolean guards(String queue) {
        return rules.get().targetEnabled("messaging") && rules.get().rabbit().guards(queue);
    }

    @Override
    public GuardPlan plan(String queue) {
        CircuitBreakerRules breaker = (CircuitBreakerRules) PolicyType.CIRCUIT_BREAKER.build(values(
                PolicyType.CIRCUIT_BREAKER, queue));
        String name = "rabbitmq:" + queue;
        return new GuardPlan(queue, name, breaker, null, null, null, null, null, null);
    }

    @Override
    public int maxAttempts(String queue) {
        return retry(queue).maxAttempts();
    }

    @Override
    public long delayNanos(String queue, int failedAttempts) {
        RetryRules r = retry(queue);
        double wait = r.waitDurationNanos() * Math.pow(r.backoffMultiplier(), Math.max(0, failedAttempts - 1));
        long cap = r.maxWaitDurationNanos() > 0 ? r.maxWaitDurationNanos() : Long.MAX_VALUE;
        // No jitter: each distinct delay is a queue of its own.
        return Math.max(1_000_000L, (long) Math.min(wait, cap));
    }

    private RetryRules retry(String queue) {
        return (RetryRules) PolicyType.RETRY.build(values(PolicyType.RETRY, queue));
    }

    private Map<String, Object> values(PolicyType type, String queue) {
        RabbitRules r = rules.get().rabbit();
        Map<String, Object> values = new HashMap<>(BUILT_IN.get(type));
        r.defaults().getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        r.queues().getOrDefault(queue, Map.of()).getOrDefault(type, Map.of()).forEach((k, v) -> values.put(k, v.value()));
        return values;
    }
}
