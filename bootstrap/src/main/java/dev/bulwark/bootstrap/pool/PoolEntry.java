package dev.bulwark.bootstrap.pool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One connection of a pool and its bookkeeping. Its state changes by compare-and-set, so taking an
 * idle connection needs no lock. Plain fields are written by the thread that holds the entry and
 * published by the volatile write of {@link #state} that hands it on.
 *
 * @param <C> the connection type
 */
public final class PoolEntry<C> {
    static final int IDLE = 0;
    static final int USED = 1;
    /** Held by the housekeeper while it checks or retires an idle connection. */
    static final int RESERVED = 2;
    static final int REMOVED = 3;

    private static final AtomicIntegerFieldUpdater<PoolEntry<?>> STATE = newUpdater();

    final C connection;
    final long createdAt;
    /** When the connection reaches its max lifetime; 0 never. */
    final long retireAt;
    volatile int state;
    long releasedAt;
    long checkedAt;
    long borrowedAt;
    Throwable borrowedHere;
    boolean leakReported;
    /** The connection failed in a way that means it is dead; it is retired when returned. */
    volatile boolean broken;

    PoolEntry(C connection, long createdAt, long retireAt, int state) {
        this.connection = connection;
        this.createdAt = createdAt;
        this.retireAt = retireAt;
        this.releasedAt = createdAt;
        this.checkedAt = createdAt;
        this.state = state;
    }

    /** The pooled connection itself. */
    public C connection() {
        return connection;
    }

    /** Marks the connection dead: it is closed when returned instead of being lent again. */
    public void markBroken() {
        broken = true;
    }

    public boolean isBroken() {
        return broken;
    }

    boolean cas(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AtomicIntegerFieldUpdater<PoolEntry<?>> newUpdater() {
        return (AtomicIntegerFieldUpdater) AtomicIntegerFieldUpdater.newUpdater(PoolEntry.class, "state");
    }
}
