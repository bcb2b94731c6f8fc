package dev.bulwark.bootstrap.health;

import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.bootstrap.AgentState;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.Pools;
import dev.bulwark.bootstrap.telemetry.Redaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One status per subsystem, worked out when someone asks (a probe, the exporter): each circuit
 * breaker (DOWN while OPEN), each pool (DOWN while it cannot open a connection), and the subsystems
 * that register themselves, such as the telemetry exporter. Nothing is computed on the call path.
 *
 * <p>Liveness says only that Bulwark runs: restarting a JVM never closes a breaker, so dependencies
 * count for readiness alone. Registered subsystems (the exporter) appear in {@link #all()} but not in
 * readiness: an unreachable collector must never take an application out of service.
 */
public final class HealthMonitor {
    private static final HealthMonitor GLOBAL = new HealthMonitor(Registry.global(), Pools::all);

    private final Registry registry;
    private final Supplier<? extends Collection<? extends ConnectionPool<?>>> pools;
    private final List<Supplier<HealthStatus>> others = new CopyOnWriteArrayList<>();
    private final List<Supplier<? extends Collection<HealthStatus>>> groups = new CopyOnWriteArrayList<>();

    public HealthMonitor(Registry registry, Supplier<? extends Collection<? extends ConnectionPool<?>>> pools) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pools = Objects.requireNonNull(pools, "pools");
    }

    public static HealthMonitor global() {
        return GLOBAL;
    }

    /** Adds a subsystem whose status {@code check} works out, asked at every {@link #all()}. */
    public void register(Supplier<HealthStatus> check) {
        others.add(Objects.requireNonNull(check, "check"));
    }

    /**
     * Adds subsystems that come and go with the configuration (the endpoints of load-balanced
     * services): {@code checks} lists their statuses at every {@link #all()}.
     */
    public void registerAll(Supplier<? extends Collection<HealthStatus>> checks) {
        groups.add(Objects.requireNonNull(checks, "checks"));
    }

    /** Whether Bulwark itself runs in this JVM. */
    public List<HealthStatus> liveness() {
        return List.of(AgentState.isStarted() ? HealthStatus.up("bulwark", Map.of())
                : HealthStatus.down("bulwark", "the Bulwark agent is not active in this JVM", Map.of()));
    }

    /** Every breaker and every pool, in that order. */
    public List<HealthStatus> readiness() {
        List<HealthStatus> all = new ArrayList<>();
        List<CircuitBreaker> breakers = new ArrayList<>(registry.circuitBreakers());
        breakers.sort((a, b) -> a.name().compareTo(b.name()));
        for (CircuitBreaker b : breakers) {
            all.add(breaker(b));
        }
        for (ConnectionPool<?> p : pools.get()) {
            all.add(pool(p));
        }
        return all;
    }

    /** The subsystems that registered themselves. */
    public List<HealthStatus> others() {
        List<HealthStatus> all = new ArrayList<>();
        for (Supplier<HealthStatus> check : others) {
            try {
                all.add(check.get());
            } catch (RuntimeException e) {
                all.add(HealthStatus.down("health-check", "a health check failed: " + Redaction.text(e.toString()),
                        Map.of()));
            }
        }
        for (Supplier<? extends Collection<HealthStatus>> group : groups) {
            try {
                all.addAll(group.get());
            } catch (RuntimeException e) {
                all.add(HealthStatus.down("health-check", "a health check failed: " + Redaction.text(e.toString()),
                        Map.of()));
            }
        }
        return all;
    }

    /** Liveness, readiness and the registered subsystems, as {@code /health} serves them. */
    public List<HealthStatus> all() {
        List<HealthStatus> all = new ArrayList<>(liveness());
        all.addAll(readiness());
        all.addAll(others());
        return all;
    }

    public static boolean allUp(List<HealthStatus> statuses) {
        for (HealthStatus s : statuses) {
            if (!s.up()) {
                return false;
            }
        }
        return true;
    }

    static HealthStatus breaker(CircuitBreaker b) {
        CircuitBreakerState state = b.state();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state.name());
        float failureRate = b.failureRate();
        if (failureRate >= 0) {
            data.put("failureRate", failureRate);
        }
        data.put("bufferedCalls", b.bufferedCalls());
        data.put("rejectedCalls", b.rejectedCalls());
        String name = "circuit-breaker:" + Redaction.text(b.name());
        if (state == CircuitBreakerState.OPEN) {
            long remainingMillis = b.remainingOpenNanos() / 1_000_000L;
            data.put("remainingOpenMillis", remainingMillis);
            return HealthStatus.down(name, "circuit breaker '" + Redaction.text(b.name()) + "' is OPEN"
                    + (failureRate >= 0 ? " (failure rate " + failureRate + "%)" : "")
                    + "; it lets trial calls through in " + remainingMillis + " ms", data);
        }
        return HealthStatus.up(name, data);
    }

    static HealthStatus pool(ConnectionPool<?> p) {
        Map<String, Object> data = new LinkedHashMap<>();
        int idle = p.idleCount();
        data.put("idle", idle);
        data.put("used", p.usedCount());
        data.put("max", p.maxSize());
        data.put("pending", p.pendingRequests());
        String name = "pool:" + Redaction.url(p.name());
        String failure = p.lastOpenFailureReason();
        if (failure != null) {
            return HealthStatus.down(name, "pool " + Redaction.url(p.name()) + " cannot open a connection: "
                    + Redaction.text(failure), data);
        }
        return HealthStatus.up(name, data);
    }
}
