package dev.bulwark.agent.telemetry;

import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.RateLimiter;
import dev.bulwark.bootstrap.policy.Retry;
import dev.bulwark.bootstrap.policy.RetryBudget;
import dev.bulwark.bootstrap.policy.Timeout;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.telemetry.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code bulwark.*} (policies, load-balancer endpoints, health, dropped events) and {@code db.client.connection.*} instruments: asynchronous, so the only
 * work happens when the SDK collects, on its own thread, reading the counters the bootstrap keeps.
 * The call path never touches OpenTelemetry.
 */
final class MetricsBridge {
    static final AttributeKey<String> POLICY = AttributeKey.stringKey("bulwark.policy.name");
    static final AttributeKey<String> TARGET = AttributeKey.stringKey("bulwark.target");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("bulwark.outcome");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("bulwark.circuit_breaker.state");
    static final AttributeKey<Boolean> RETRIED = AttributeKey.booleanKey("bulwark.retry.retried");
    static final AttributeKey<String> HEALTH_CHECK = AttributeKey.stringKey("bulwark.health.check");
    static final AttributeKey<String> CONNECTION_STATE = AttributeKey.stringKey("db.client.connection.state");
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("bulwark.service");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("bulwark.endpoint");

    private final Registry registry;
    private final Supplier<? extends Collection<? extends ConnectionPool<?>>> pools;
    private final HealthMonitor health;

    private MetricsBridge(Registry registry, Supplier<? extends Collection<? extends ConnectionPool<?>>> pools,
            HealthMonitor health) {
        this.registry = registry;
        this.pools = pools;
        this.health = health;
    }

    static void register(Meter meter, Registry registry,
            Supplier<? extends Collection<? extends ConnectionPool<?>>> pools, HealthMonitor health) {
        register(meter, registry, pools, health, List::of, null);
    }

    /**
     * @param balancers the load balancers in force, read at each collection
     * @param droppedEvents events the log-record queue dropped so far, or null when events are not exported
     */
    static void register(Meter meter, Registry registry,
            Supplier<? extends Collection<? extends ConnectionPool<?>>> pools, HealthMonitor health,
            Supplier<? extends Collection<LoadBalancer>> balancers, LongSupplier droppedEvents) {
        MetricsBridge b = new MetricsBridge(registry, pools, health);
        b.policies(meter);
        b.pools(meter);
        endpoints(meter, balancers);
        if (droppedEvents != null) {
            meter.counterBuilder("bulwark.events.dropped").setUnit("{event}")
                    .setDescription("Events not turned into log records because " + EventQueue.CAPACITY
                            + " were already waiting")
                    .buildWithCallback(m -> m.record(droppedEvents.getAsLong()));
        }
        ObservableLongMeasurement status = meter.gaugeBuilder("bulwark.health.status").ofLongs().setUnit("{status}")
                .setDescription("1 while the subsystem is UP, 0 while it is DOWN").buildObserver();
        meter.batchCallback(() -> {
            for (HealthStatus s : health.all()) {
                status.record(s.up() ? 1 : 0, Attributes.of(HEALTH_CHECK, s.name()));
            }
        }, status);
    }

    private void policies(Meter meter) {
        ObservableLongMeasurement breakerCalls = counter(meter, "bulwark.circuit_breaker.calls", "{call}",
                "Calls through a circuit breaker by outcome: success, failure, ignored, rejected");
        ObservableLongMeasurement slowCalls = counter(meter, "bulwark.circuit_breaker.slow_calls", "{call}",
                "Calls at or above the breaker's slow-call duration threshold");
        ObservableLongMeasurement transitions = counter(meter, "bulwark.circuit_breaker.transitions", "{transition}",
                "State transitions of a circuit breaker");
        ObservableLongMeasurement state = meter.gaugeBuilder("bulwark.circuit_breaker.state").ofLongs()
                .setUnit("{state}")
                .setDescription("1 for the breaker's current state, 0 for the others").buildObserver();
        ObservableDoubleMeasurement failureRate = meter.gaugeBuilder("bulwark.circuit_breaker.failure_rate")
                .setUnit("%").setDescription("Failure rate in the breaker's window, once it holds the minimum number "
                        + "of calls").buildObserver();
        ObservableLongMeasurement retryCalls = counter(meter, "bulwark.retry.calls", "{call}",
                "Calls under a retry policy by outcome (success, failure) and whether they were retried");
        ObservableLongMeasurement retryAttempts = counter(meter, "bulwark.retry.attempts", "{attempt}",
                "Attempts after the first");
        ObservableLongMeasurement budgetExhausted = counter(meter, "bulwark.retry_budget.exhausted", "{call}",
                "Retries refused because the retry budget was spent");
        ObservableLongMeasurement bulkheadCalls = counter(meter, "bulwark.bulkhead.calls", "{call}",
                "Calls through a bulkhead by outcome: permitted, rejected");
        ObservableLongMeasurement concurrent = upDown(meter, "bulwark.bulkhead.concurrent_calls", "{call}",
                "Calls running inside the bulkhead now");
        ObservableLongMeasurement waiting = upDown(meter, "bulwark.bulkhead.waiting_calls", "{call}",
                "Calls waiting for the bulkhead now");
        ObservableLongMeasurement limit = upDown(meter, "bulwark.bulkhead.limit", "{call}",
                "How many calls the bulkhead admits at once (adaptive limits move)");
        ObservableLongMeasurement rateCalls = counter(meter, "bulwark.rate_limiter.calls", "{call}",
                "Calls through a rate limiter by outcome: permitted, rejected");
        ObservableLongMeasurement permits = upDown(meter, "bulwark.rate_limiter.available_permits", "{permit}",
                "Permits left in the current period");
        ObservableLongMeasurement timeoutCalls = counter(meter, "bulwark.timeout.calls", "{call}",
                "Calls under a timeout by outcome: in_time, timed_out");
        ObservableLongMeasurement fallbacks = counter(meter, "bulwark.fallback.calls", "{call}",
                "Calls answered by a fallback");

        meter.batchCallback(() -> {
            Targets targets = new Targets(registry);
            for (CircuitBreaker b : registry.circuitBreakers()) {
                Attributes base = targets.of(b, b.name());
                breakerCalls.record(b.successfulCalls(), with(base, OUTCOME, "success"));
                breakerCalls.record(b.failedCalls(), with(base, OUTCOME, "failure"));
                breakerCalls.record(b.ignoredCalls(), with(base, OUTCOME, "ignored"));
                breakerCalls.record(b.rejectedCalls(), with(base, OUTCOME, "rejected"));
                slowCalls.record(b.slowCalls(), base);
                transitions.record(b.stateTransitions(), base);
                CircuitBreakerState current = b.state();
                for (CircuitBreakerState s : CircuitBreakerState.values()) {
                    state.record(s == current ? 1 : 0, with(base, STATE, s.name().toLowerCase(Locale.ROOT)));
                }
                float rate = b.failureRate();
                if (rate >= 0) {
                    failureRate.record(rate, base);
                }
            }
            for (Retry r : registry.retries()) {
                Attributes base = targets.of(r, r.name());
                retryCalls.record(r.successfulCallsWithoutRetry(), retried(base, "success", false));
                retryCalls.record(r.successfulCallsWithRetry(), retried(base, "success", true));
                retryCalls.record(r.failedCallsWithoutRetry(), retried(base, "failure", false));
                retryCalls.record(r.failedCallsWithRetry(), retried(base, "failure", true));
                retryAttempts.record(r.retryAttempts(), base);
            }
            for (RetryBudget r : registry.retryBudgets()) {
                budgetExhausted.record(r.exhaustedCount(), targets.of(r, r.name()));
            }
            for (Bulkhead b : registry.bulkheads()) {
                Attributes base = targets.of(b, b.name());
                bulkheadCalls.record(b.permittedCalls(), with(base, OUTCOME, "permitted"));
                bulkheadCalls.record(b.rejectedCalls(), with(base, OUTCOME, "rejected"));
                concurrent.record(b.concurrentCalls(), base);
                waiting.record(b.waitingCalls(), base);
                limit.record(b.limit(), base);
            }
            for (RateLimiter r : registry.rateLimiters()) {
                Attributes base = targets.of(r, r.name());
                rateCalls.record(r.permittedCalls(), with(base, OUTCOME, "permitted"));
                rateCalls.record(r.rejectedCalls(), with(base, OUTCOME, "rejected"));
                permits.record(Math.max(0, r.availablePermits()), base);
            }
            for (Timeout t : registry.timeouts()) {
                Attributes base = targets.of(t, t.name());
                timeoutCalls.record(t.callsInTime(), with(base, OUTCOME, "in_time"));
                timeoutCalls.record(t.timedOutCalls(), with(base, OUTCOME, "timed_out"));
            }
            // A fallback belongs to one method and has no name of its own: it is named after its target,
            // as an unnamed policy is.
            Map<String, Long> byTarget = new TreeMap<>();
            for (Guard g : registry.guards()) {
                if (g.fallbacks() > 0) {
                    byTarget.merge(Redaction.text(g.target()), g.fallbacks(), Long::sum);
                }
            }
            byTarget.forEach((target, n) -> fallbacks.record(n, Attributes.of(POLICY, target, TARGET, target)));
        }, breakerCalls, slowCalls, transitions, state, failureRate, retryCalls, retryAttempts, budgetExhausted,
                bulkheadCalls, concurrent, waiting, limit, rateCalls, permits, timeoutCalls, fallbacks);
    }

    private static void endpoints(Meter meter, Supplier<? extends Collection<LoadBalancer>> balancers) {
        ObservableLongMeasurement requests = counter(meter, "bulwark.load_balancer.endpoint.requests", "{request}",
                "Requests (attempts) that ended on an endpoint of a load-balanced service, by outcome: success, "
                        + "failure");
        ObservableLongMeasurement inFlight = upDown(meter, "bulwark.load_balancer.endpoint.in_flight", "{request}",
                "Requests sent to the endpoint that have not ended yet");
        ObservableLongMeasurement ejections = counter(meter, "bulwark.load_balancer.endpoint.ejections",
                "{ejection}", "Times outlier detection took the endpoint out of service");
        ObservableLongMeasurement inService = meter.gaugeBuilder("bulwark.load_balancer.endpoint.in_service")
                .ofLongs().setUnit("{endpoint}").setDescription("1 while the endpoint takes requests, 0 while it is "
                        + "ejected or failing its health check").buildObserver();
        meter.batchCallback(() -> {
            for (LoadBalancer lb : balancers.get()) {
                for (Endpoint e : lb.endpoints()) {
                    Attributes a = Attributes.of(SERVICE, lb.service(), ENDPOINT, e.key());
                    long total = e.requests();
                    long failed = e.failures();
                    requests.record(Math.max(0, total - failed), with(a, OUTCOME, "success"));
                    requests.record(failed, with(a, OUTCOME, "failure"));
                    inFlight.record(Math.max(0, e.inFlight()), a);
                    ejections.record(e.ejections(), a);
                    inService.record(lb.outOfService(e) == null ? 1 : 0, a);
                }
            }
        }, requests, inFlight, ejections, inService);
    }

    private void pools(Meter meter) {
        ObservableLongMeasurement count = upDown(meter, "db.client.connection.count", "{connection}",
                "The number of connections that are currently in state described by the state attribute");
        ObservableLongMeasurement idleMax = upDown(meter, "db.client.connection.idle.max", "{connection}",
                "The maximum number of idle open connections allowed");
        ObservableLongMeasurement idleMin = upDown(meter, "db.client.connection.idle.min", "{connection}",
                "The minimum number of idle open connections allowed");
        ObservableLongMeasurement max = upDown(meter, "db.client.connection.max", "{connection}",
                "The maximum number of open connections allowed");
        ObservableLongMeasurement pending = upDown(meter, "db.client.connection.pending_requests", "{request}",
                "The number of current pending requests for an open connection");
        ObservableLongMeasurement timeouts = counter(meter, "db.client.connection.timeouts", "{timeout}",
                "The number of connection timeouts that have occurred trying to obtain a connection from the pool");
        meter.batchCallback(() -> {
            for (ConnectionPool<?> p : pools.get()) {
                Attributes a = Attributes.of(DurationHistograms.POOL_NAME, p.name());
                int idle = p.idleCount();
                count.record(idle, with(a, CONNECTION_STATE, "idle"));
                count.record(Math.max(0, p.usedCount()), with(a, CONNECTION_STATE, "used"));
                idleMax.record(p.maxSize(), a);
                idleMin.record(p.minIdle(), a);
                max.record(p.maxSize(), a);
                pending.record(p.pendingRequests(), a);
                timeouts.record(p.timeouts(), a);
            }
        }, count, idleMax, idleMin, max, pending, timeouts);
    }

    private static ObservableLongMeasurement counter(Meter meter, String name, String unit, String description) {
        return meter.counterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
    }

    private static ObservableLongMeasurement upDown(Meter meter, String name, String unit, String description) {
        return meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
    }

    private static Attributes with(Attributes base, AttributeKey<String> key, String value) {
        return base.toBuilder().put(key, value).build();
    }

    private static Attributes retried(Attributes base, String outcome, boolean retried) {
        return base.toBuilder().put(OUTCOME, outcome).put(RETRIED, retried).build();
    }

    /**
     * Which targets use each policy instance, worked out once per collection. A policy shared by
     * name lists its targets, sorted and joined by ", ".
     */
    private static final class Targets {
        private final Map<Object, TreeSet<String>> byPolicy = new IdentityHashMap<>();

        Targets(Registry registry) {
            for (Guard g : registry.guards()) {
                String target = Redaction.text(g.target());
                for (Object policy : new Object[] {g.breaker(), g.retry(), g.retryBudget(), g.bulkhead(),
                    g.rateLimiter(), g.timeout()}) {
                    if (policy != null) {
                        byPolicy.computeIfAbsent(policy, p -> new TreeSet<>()).add(target);
                    }
                }
            }
        }

        Attributes of(Object policy, String name) {
            TreeSet<String> targets = byPolicy.get(policy);
            String joined = targets == null ? "" : String.join(", ", targets);
            return Attributes.of(POLICY, Redaction.text(name), TARGET, joined);
        }
    }
}
