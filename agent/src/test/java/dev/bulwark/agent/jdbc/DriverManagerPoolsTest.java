package dev.bulwark.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.health.HealthStatus;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.Pools;
import dev.bulwark.bootstrap.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverManagerPoolsTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/names?ssl=false";
    private static final String KEY = "jdbc:postgresql://127.0.0.1:5432/names";

    private final ManualClock clock = new ManualClock();
    private final DriverManagerPools pools = new DriverManagerPools(new RulesInForce(Rules.empty()), clock);
    private final Driver driver = proxy(Driver.class);

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return method.getName().equals("getAutoCommit");
            }
            if (r == int.class) {
                return method.getName().equals("getTransactionIsolation") ? Connection.TRANSACTION_READ_COMMITTED : 0;
            }
            return method.getName().equals("toString") ? type.getSimpleName() : null;
        });
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    /** Opens through {@code adopt} as DriverManager would, and returns the pool that took the connection. */
    private ConnectionPool<?> adopt(Properties info) {
        return adopt(URL, info);
    }

    private ConnectionPool<?> adopt(String url, Properties info) {
        int before = Pools.all().size();
        Object lent = pools.adopt(url, info, DriverManagerPoolsTest.class, proxy(Connection.class), driver);
        assertNotSame(null, lent);
        List<ConnectionPool<?>> all = Pools.all();
        return all.size() > before ? all.get(all.size() - 1) : null;
    }

    @Test
    void poolsAreNamedByTheDatabaseKeyAloneAndNumberedWhenOneDatabaseHasSeveral() {
        String err = stderrOf(() -> {
            ConnectionPool<?> alice = adopt(credentials("alice", "pw-alice"));
            ConnectionPool<?> bob = adopt(credentials("bob", "pw-bob"));
            assertEquals(KEY, alice.name());
            assertEquals(KEY + " #2", bob.name());
            assertSame(null, adopt(credentials("alice", "pw-alice")), "alice's second connection joins her pool");
            ConnectionPool<?> other = adopt("jdbc:postgresql://127.0.0.1:5432/other", credentials("carol", "pw-carol"));
            assertEquals("jdbc:postgresql://127.0.0.1:5432/other", other.name(), "numbered per database");

            HealthMonitor health = new HealthMonitor(new Registry(clock, new EventBus()), () -> List.of(alice, bob));
            List<String> checks = health.readiness().stream().map(HealthStatus::name).toList();
            assertEquals(List.of("pool:" + KEY, "pool:" + KEY + " #2"), checks);
            for (HealthStatus s : health.readiness()) {
                assertFalse(s.toString().contains("alice") || s.toString().contains("bob"), s::toString);
            }
        });
        assertFalse(err.contains("alice") || err.contains("bob") || err.contains("carol") || err.contains("pw-"), err);
        assertEquals(3, err.split("pooling connections to ", -1).length - 1, err);
    }

    private static String stderrOf(Runnable action) {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
