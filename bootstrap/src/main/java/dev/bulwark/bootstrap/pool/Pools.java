package dev.bulwark.bootstrap.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every pool Bulwark runs, for telemetry and health to read. */
public final class Pools {
    private static final List<ConnectionPool<?>> ALL = new CopyOnWriteArrayList<>();

    private Pools() {
    }

    public static void register(ConnectionPool<?> pool) {
        ALL.add(pool);
    }

    /** A snapshot, in the order the pools were made. */
    public static List<ConnectionPool<?>> all() {
        return List.copyOf(ALL);
    }
}
