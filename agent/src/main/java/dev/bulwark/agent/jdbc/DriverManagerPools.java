package dev.bulwark.agent.jdbc;

import dev.bulwark.agent.config.JdbcRules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.jdbc.DatabaseKey;
import dev.bulwark.bootstrap.jdbc.DriverManagerPooling;
import dev.bulwark.bootstrap.jdbc.SqlRejections;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.PoolEntry;
import dev.bulwark.bootstrap.pool.PoolSettings;
import dev.bulwark.bootstrap.pool.PoolTimeoutException;
import dev.bulwark.bootstrap.pool.Pools;
import dev.bulwark.bootstrap.telemetry.Redaction;
import dev.bulwark.bootstrap.time.Clock;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.Properties;

/**
 * The transparent pools of {@code DriverManager} connections: one per URL and connection
 * properties (so per user and password), made when the first connection is opened. Applications
 * that pool already (any DataSource, HikariCP and the other known pools) are left alone.
 *
 * <p>A pool is named by its database key alone, since the name reaches metrics, log records and
 * {@code /health}: no user, password or parameter. A second pool of the same database (another user or
 * other properties) is {@code KEY #2}, a third {@code KEY #3}, in the order they are made.
 */
public final class DriverManagerPools implements DriverManagerPooling.Pools {
    private final RulesInForce rules;
    private final Clock clock;
    // Copy-on-write; a handful of entries, searched without locks or allocation.
    private volatile UrlPool[] pools = new UrlPool[0];

    public DriverManagerPools(RulesInForce rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Object borrow(String url, Object info, Class<?> caller) throws Exception {
        JdbcRules jdbc = pooling(caller);
        // No pool found: DriverManager opens the first connection; adopt() makes it the pool's.
        return jdbc == null || !(info instanceof Properties p) ? null : lendFrom(find(url, p), jdbc);
    }

    @Override
    public Object borrowExisting(String url, String user, String password, Class<?> caller) throws Exception {
        JdbcRules jdbc = pooling(caller);
        if (jdbc == null) {
            return null;
        }
        for (UrlPool candidate : pools) {
            if (candidate.matches(url, user, password)) {
                return lendFrom(candidate, jdbc);
            }
        }
        return null;
    }

    /**
     * The JDBC rules when this caller's DriverManager connections are pooled, else null: pooling off,
     * or a caller that pools already. A failure of Bulwark's own turns pooling off rather than reach the
     * application.
     */
    private JdbcRules pooling(Class<?> caller) {
        try {
            JdbcRules jdbc = rules.get().jdbc();
            return jdbc.enabled() && jdbc.poolEnabled() && !OtherPools.pool(caller) ? jdbc : null;
        } catch (RuntimeException e) {
            BulwarkLog.warnOnce("pool-borrow", "transparent pooling is off after an unexpected failure", e);
            return null;
        }
    }

    /** Lends from {@code up} (null: none yet), with the settings in force; what the pool throws reaches the caller. */
    private static Object lendFrom(UrlPool up, JdbcRules jdbc) throws SQLException {
        if (up == null) {
            return null;
        }
        if (up.pool.settings() != jdbc.pool()) {
            up.pool.reconfigure(jdbc.pool());
        }
        return lend(up.pool);
    }

    @Override
    public synchronized Object adopt(String url, Object info, Class<?> caller, Object opened, Object driver) {
        JdbcRules jdbc = pooling(caller);
        if (jdbc == null || !(info instanceof Properties p) || !(opened instanceof Connection c)
                || !(driver instanceof Driver d)) {
            return opened;
        }
        UrlPool up = find(url, p);
        if (up == null) {
            String key = DatabaseKey.of(url);
            String name = name(key, pools);
            Properties copy = new Properties();
            copy.putAll(p);
            up = new UrlPool(url, key, copy, new ConnectionPool<>(name, jdbc.pool(), new DriverConnector(d, url, copy, key),
                    clock));
            UrlPool[] more = Arrays.copyOf(pools, pools.length + 1);
            more[pools.length] = up;
            pools = more;
            Pools.register(up.pool);
            up.pool.start();
            BulwarkLog.info("pooling connections to " + name + " (jdbc.pool.max-size " + jdbc.pool().maxSize() + ")");
        }
        try {
            PoolEntry<OpenConnection> e = up.pool.adopt(OpenConnection.capture(c));
            return e == null ? opened : new PooledConnection(up.pool, e);
        } catch (SQLException e) {
            return opened;
        }
    }

    /** {@code key}, or {@code key #n} when n-1 pools of that database exist already. */
    private static String name(String key, UrlPool[] existing) {
        int same = 0;
        for (UrlPool up : existing) {
            if (up.key.equals(key)) {
                same++;
            }
        }
        return same == 0 ? key : key + " #" + (same + 1);
    }

    private static Connection lend(ConnectionPool<OpenConnection> pool) throws SQLException {
        try {
            return new PooledConnection(pool, pool.borrow());
        } catch (SQLException e) {
            throw e; // what opening a connection threw: the driver's error, or a Bulwark rejection
        } catch (PoolTimeoutException e) {
            throw new SQLTransientConnectionException("Bulwark: " + e.getMessage(), SqlRejections.POOL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Bulwark: interrupted while waiting for a connection of pool "
                    + pool.name(), SqlRejections.POOL_TIMEOUT, e);
        } catch (Exception e) {
            throw new SQLNonTransientConnectionException("Bulwark: pool " + pool.name() + " could not open a "
                    + "connection: " + Redaction.text(e.toString()), "08001", e);
        }
    }

    private UrlPool find(String url, Properties info) {
        for (UrlPool up : pools) {
            if (up.matches(url, info)) {
                return up;
            }
        }
        return null;
    }

    /** A pool and the exact arguments its connections are opened with. */
    private static final class UrlPool {
        final String url;
        final String key;
        final Object[] keys;
        final Object[] values;
        final ConnectionPool<OpenConnection> pool;

        UrlPool(String url, String key, Properties info, ConnectionPool<OpenConnection> pool) {
            this.url = url;
            this.key = key;
            this.keys = info.keySet().toArray();
            this.values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = info.get(keys[i]);
            }
            this.pool = pool;
        }

        /**
         * Same URL and properties as DriverManager would build from a user and a password: those two
         * (where not null) and nothing else.
         */
        boolean matches(String otherUrl, String user, String password) {
            int n = (user == null ? 0 : 1) + (password == null ? 0 : 1);
            return url.equals(otherUrl) && keys.length == n && equalsValue("user", user)
                    && equalsValue("password", password);
        }

        private boolean equalsValue(String key, String value) {
            if (value == null) {
                return true;
            }
            for (int i = 0; i < keys.length; i++) {
                if (key.equals(keys[i])) {
                    return value.equals(values[i]);
                }
            }
            return false;
        }

        /** Same URL and same properties (user, password and the rest), compared without allocating. */
        boolean matches(String otherUrl, Properties info) {
            if (!url.equals(otherUrl) || info.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (!values[i].equals(info.get(keys[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
