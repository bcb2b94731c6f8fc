package dev.bulwark.bootstrap.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.Connector;
import dev.bulwark.bootstrap.pool.PoolSettings;
import dev.bulwark.bootstrap.time.ManualClock;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    private static final long S = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();

    private CircuitBreaker breaker() {
        return new CircuitBreaker("payments", new CircuitBreakerRules(SlidingWindowType.COUNT, 4, 4, 50, 100, 10 * S,
                30 * S, 1, List.of(), List.of()), clock, new EventBus());
    }

    @Test
    void aClosedBreakerIsUp() {
        HealthStatus s = HealthMonitor.breaker(breaker());
        assertTrue(s.up());
        assertEquals("circuit-breaker:payments", s.name());
        assertEquals("CLOSED", s.data().get("state"));
        assertNull(s.reason());
    }

    @Test
    void anOpenBreakerIsDownWithItsReason() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 4; i++) {
            assertTrue(b.tryAcquirePermission());
            b.onResult(1, new RuntimeException("boom"));
        }
        HealthStatus s = HealthMonitor.breaker(b);
        assertFalse(s.up());
        assertEquals("OPEN", s.data().get("state"));
        assertTrue(s.reason().contains("circuit breaker 'payments' is OPEN"), s.reason());
        assertTrue(s.reason().contains("30000 ms"), s.reason());
    }

    @Test
    void aPoolThatCannotConnectIsDownWithoutCredentialsInTheReason() throws Exception {
        Connector<Object> failing = new Connector<>() {
            @Override
            public Object open() throws Exception {
                throw new SQLException("cannot reach jdbc:postgresql://alice:s3cret@db1:5432/orders (password=s3cret)",
                        "08001");
            }

            @Override
            public boolean isValid(Object c, int timeoutSeconds) {
                return true;
            }

            @Override
            public void close(Object c) {
            }
        };
        ConnectionPool<Object> pool = new ConnectionPool<>("jdbc:postgresql://db1:5432/orders",
                new PoolSettings(0, 2, 1_000_000L, 60 * S, 1800 * S, 0, S, S, 0), failing, clock);
        try {
            pool.borrow();
        } catch (Exception expected) {
            // the failure is what the pool remembers
        }
        HealthStatus s = HealthMonitor.pool(pool);
        assertFalse(s.up());
        assertEquals("pool:jdbc:postgresql://db1:5432/orders", s.name());
        assertTrue(s.reason().contains("cannot open a connection"), s.reason());
        assertFalse(s.reason().contains("s3cret"), s.reason());
        pool.close();
    }

    @Test
    void registeredSubsystemsCountForTheWholeButNeverForReadiness() {
        HealthMonitor monitor = new HealthMonitor(new Registry(clock, new EventBus()), List::of);
        monitor.register(() -> HealthStatus.down("exporter", "no collector answers", Map.of()));
        assertTrue(HealthMonitor.allUp(monitor.readiness()), "a collector that is down must not make an app unready");
        List<HealthStatus> all = monitor.all();
        assertEquals("exporter", all.get(all.size() - 1).name());
        assertFalse(HealthMonitor.allUp(all));
    }

    @Test
    void aThrowingCheckIsDownNotAnError() {
        HealthMonitor monitor = new HealthMonitor(new Registry(clock, new EventBus()), List::of);
        monitor.register(() -> {
            throw new IllegalStateException("token=s3cret");
        });
        HealthStatus s = monitor.others().get(0);
        assertFalse(s.up());
        assertFalse(s.reason().contains("s3cret"), s.reason());
    }
}
