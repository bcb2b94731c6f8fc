package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.bootstrap.util.WeakIdentityMap;

/**
 * Which database a Connection belongs to, remembered when the connection is opened
 * ({@code Driver.connect} or {@code DataSource.getConnection}), so a statement finds its database with
 * one identity look-up instead of asking the driver; and whether the connection failed in a way that
 * means it is dead. Weak: a forgotten connection does not stay in memory.
 */
public final class ConnectionRegistry {
    private static final ConnectionRegistry GLOBAL = new ConnectionRegistry();

    private final WeakIdentityMap<Known> connections = new WeakIdentityMap<>();

    public ConnectionRegistry() {
    }

    /** The registry that instrumentation shares. */
    public static ConnectionRegistry global() {
        return GLOBAL;
    }

    /** Remembers that {@code connection} belongs to {@code databaseKey}; a second call for the same connection replaces the key. */
    public void remember(Object connection, String databaseKey) {
        if (connection != null && databaseKey != null) {
            connections.put(connection, new Known(databaseKey));
        }
    }

    /**
     * The key remembered for this connection, or null. Identity semantics (never calls the connection's
     * {@code equals}/{@code hashCode}); no lock and no allocation; safe for many threads.
     */
    public String keyOf(Object connection) {
        Known k = connections.get(connection);
        return k == null ? null : k.databaseKey;
    }

    /** Notes that this connection failed in a way that means it is dead (so a pool retires it). */
    public void markBroken(Object connection) {
        Known k = connections.get(connection);
        if (k != null) {
            k.broken = true;
        }
    }

    /** True when {@link #markBroken} was called for this connection. */
    public boolean isBroken(Object connection) {
        Known k = connections.get(connection);
        return k != null && k.broken;
    }

    /** How many connections are remembered, counting collected ones not yet purged by a write. For tests. */
    public int size() {
        return connections.size();
    }

    private static final class Known {
        final String databaseKey;
        volatile boolean broken;

        Known(String databaseKey) {
            this.databaseKey = databaseKey;
        }
    }
}
