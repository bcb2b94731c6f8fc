package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.bootstrap.log.BulwarkLog;

/**
 * What the advice in {@code DriverManager.getConnection} calls: it lends a pooled connection
 * instead of opening one. The pools themselves are the agent's (their connections implement
 * java.sql.Connection, which code here cannot name); this class only hands over.
 *
 * <p>The first connection to a database goes the JDK's own way, so the JDK picks the driver with its
 * own rules; the driver that opened it is noted here (by the advice in {@code Driver.connect}) and
 * the connection becomes the pool's first. Later ones come from the pool.
 */
public final class DriverManagerPooling {

    /** The agent's pools. */
    public interface Pools {
        /** A pooled connection for these arguments, or null to let DriverManager open one; throws SQLException. */
        Object borrow(String url, Object info, Class<?> caller) throws Exception;

        /**
         * A pooled connection from the pool of exactly this URL, user and password (no other property),
         * or null when there is none yet or the caller must not be pooled; throws SQLException.
         */
        Object borrowExisting(String url, String user, String password, Class<?> caller) throws Exception;

        /** Takes {@code opened} (from {@code driver}) into a pool and returns what the caller gets instead. */
        Object adopt(String url, Object info, Class<?> caller, Object opened, Object driver);
    }

    private static final Object WANTED = new Object();
    // Set only between a borrow that returned null and its adopt, so no driver is held after.
    private static final ThreadLocal<Object> OPENER = new ThreadLocal<>();
    private static volatile Pools pools;

    private DriverManagerPooling() {
    }

    public static void install(Pools p) {
        pools = p;
    }

    /**
     * A pooled connection, or null to let DriverManager open one. Never pools inside another JDBC
     * call (a DataSource, which may be a pool itself, or a driver delegating to another).
     */
    public static Object borrow(String url, Object info, Class<?> caller) throws Exception {
        Pools p = pools;
        if (p == null || url == null || CallDepth.depth() > 0) {
            return null;
        }
        Object pooled = p.borrow(url, info, caller);
        if (pooled == null) {
            OPENER.set(WANTED);
        }
        return pooled;
    }

    /**
     * {@code getConnection(url, user, password)} before the JDK builds its Properties: a pooled
     * connection when a pool for exactly these arguments exists, else null (the JDK's way, and
     * {@link #borrow} from there).
     */
    public static Object borrowExisting(String url, String user, String password, Class<?> caller) throws Exception {
        Pools p = pools;
        if (p == null || url == null || CallDepth.depth() > 0) {
            return null;
        }
        return p.borrowExisting(url, user, password, caller);
    }

    /** Called when DriverManager opened a connection itself; returns what its caller gets. */
    public static Object adopt(String url, Object info, Class<?> caller, Object opened) {
        Object driver = OPENER.get();
        if (driver == null) {
            return opened;
        }
        OPENER.remove();
        Pools p = pools;
        if (p == null || opened == null || driver == WANTED) {
            return opened;
        }
        try {
            return p.adopt(url, info, caller, opened, driver);
        } catch (Throwable t) {
            BulwarkLog.warnOnce("pool-adopt", "could not pool connections to " + DatabaseKey.of(url)
                    + "; they stay unpooled", t);
            return opened;
        }
    }

    /** The driver that accepted the URL on this thread, noted when a DriverManager call will want it. */
    static void noteOpener(Object driver) {
        if (OPENER.get() != null) {
            OPENER.set(driver);
        }
    }
}
