package dev.bulwark.bootstrap.jdbc;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which database a Connection belongs to, remembered when the connection is opened
 * ({@code Driver.connect} or {@code DataSource.getConnection}), so a statement finds its database with
 * one identity look-up instead of asking the driver. Weak: a forgotten connection does not stay in memory.
 *
 * <p>A hash table of weak entries chained per bucket, hashed by {@link System#identityHashCode}:
 * a connection's own {@code equals}/{@code hashCode} are never called (drivers' and pools' proxies may
 * misbehave). Reads take no lock and allocate nothing; writes (one per opened connection) take one
 * lock and purge the entries of collected connections. A look-up does not purge: an entry whose
 * connection was collected costs a few dozen bytes until the next {@link #remember}.
 */
public final class ConnectionRegistry {
    private static final ConnectionRegistry GLOBAL = new ConnectionRegistry();
    private static final int INITIAL_CAPACITY = 64;

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Object writeLock = new Object();
    // Replaced whole on growth, so a reader holding the old table still finds every entry it had.
    private volatile AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(INITIAL_CAPACITY);
    private volatile int size;

    public ConnectionRegistry() {
    }

    /** The registry that instrumentation shares. */
    public static ConnectionRegistry global() {
        return GLOBAL;
    }

    /** Remembers that {@code connection} belongs to {@code databaseKey}; a second call for the same connection replaces the key. */
    public void remember(Object connection, String databaseKey) {
        if (connection == null || databaseKey == null) {
            return;
        }
        int hash = hash(connection);
        synchronized (writeLock) {
            purgeCollected();
            AtomicReferenceArray<Entry> t = table;
            int index = hash & (t.length() - 1);
            for (Entry e = t.get(index); e != null; e = e.next) {
                if (e.hash == hash && e.get() == connection) {
                    e.databaseKey = databaseKey;
                    return;
                }
            }
            t.set(index, new Entry(connection, hash, databaseKey, t.get(index), collected));
            size++;
            if (size > t.length() - (t.length() >>> 2)) {
                grow(t);
            }
        }
    }

    /**
     * The key remembered for this connection, or null. Identity semantics (never calls the connection's
     * {@code equals}/{@code hashCode}); no lock and no allocation; safe for many threads.
     */
    public String keyOf(Object connection) {
        Entry e = entryOf(connection);
        return e == null ? null : e.databaseKey;
    }

    private Entry entryOf(Object connection) {
        if (connection == null) {
            return null;
        }
        int hash = hash(connection);
        AtomicReferenceArray<Entry> t = table;
        for (Entry e = t.get(hash & (t.length() - 1)); e != null; e = e.next) {
            if (e.hash == hash && e.get() == connection) {
                return e;
            }
        }
        return null;
    }

    /** Notes that this connection failed in a way that means it is dead (so a pool retires it). */
    public void markBroken(Object connection) {
        Entry e = entryOf(connection);
        if (e != null) {
            e.broken = true;
        }
    }

    /** True when {@link #markBroken} was called for this connection. */
    public boolean isBroken(Object connection) {
        Entry e = entryOf(connection);
        return e != null && e.broken;
    }

    /** How many connections are remembered, counting collected ones not yet purged by a write. For tests. */
    public int size() {
        return size;
    }

    private void purgeCollected() {
        Reference<? extends Object> ref;
        while ((ref = collected.poll()) != null) {
            Entry dead = (Entry) ref;
            AtomicReferenceArray<Entry> t = table;
            int index = dead.hash & (t.length() - 1);
            Entry previous = null;
            for (Entry e = t.get(index); e != null; previous = e, e = e.next) {
                if (e == dead) {
                    if (previous == null) {
                        t.set(index, e.next);
                    } else {
                        previous.next = e.next;
                    }
                    size--;
                    break;
                }
            }
            // Not found: a copy left behind in a table that has since grown; nothing to do.
        }
    }

    private void grow(AtomicReferenceArray<Entry> old) {
        AtomicReferenceArray<Entry> bigger = new AtomicReferenceArray<>(old.length() * 2);
        int live = 0;
        for (int i = 0; i < old.length(); i++) {
            for (Entry e = old.get(i); e != null; e = e.next) {
                Object connection = e.get();
                if (connection != null) {
                    // New entries, never relinked old ones: readers may still be walking the old chains.
                    int index = e.hash & (bigger.length() - 1);
                    bigger.set(index, new Entry(connection, e.hash, e.databaseKey, bigger.get(index), collected));
                    live++;
                }
            }
        }
        table = bigger;
        size = live;
    }

    private static int hash(Object connection) {
        int h = System.identityHashCode(connection);
        return h ^ (h >>> 16);
    }

    private static final class Entry extends WeakReference<Object> {
        final int hash;
        volatile String databaseKey;
        volatile boolean broken;
        volatile Entry next;

        Entry(Object connection, int hash, String databaseKey, Entry next, ReferenceQueue<Object> queue) {
            super(connection, queue);
            this.hash = hash;
            this.databaseKey = databaseKey;
            this.next = next;
        }
    }
}
