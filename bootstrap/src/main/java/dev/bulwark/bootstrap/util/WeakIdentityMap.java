package dev.bulwark.bootstrap.util;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A map from objects, by identity, to values, holding its keys weakly: a forgotten key does not stay
 * in memory. For what instrumentation learns about an application's objects (which database a
 * connection belongs to, which queue a consumer reads).
 *
 * <p>A hash table of weak entries chained per bucket, hashed by {@link System#identityHashCode}: a
 * key's own {@code equals}/{@code hashCode} are never called (drivers' and pools' proxies may
 * misbehave). Reads take no lock and allocate nothing; writes take one lock and purge the entries of
 * collected keys. A look-up does not purge: an entry whose key was collected costs a few dozen bytes
 * until the next {@link #put}.
 *
 * @param <V> the value type
 */
public final class WeakIdentityMap<V> {
    private static final int INITIAL_CAPACITY = 64;

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Object writeLock = new Object();
    // Replaced whole on growth, so a reader holding the old table still finds every entry it had.
    private volatile AtomicReferenceArray<Entry<V>> table = new AtomicReferenceArray<>(INITIAL_CAPACITY);
    private volatile int size;

    public WeakIdentityMap() {
    }

    /** Maps {@code key} to {@code value}; a second call for the same key replaces the value. Nulls are ignored. */
    public void put(Object key, V value) {
        if (key == null || value == null) {
            return;
        }
        int hash = hash(key);
        synchronized (writeLock) {
            purgeCollected();
            AtomicReferenceArray<Entry<V>> t = table;
            int index = hash & (t.length() - 1);
            for (Entry<V> e = t.get(index); e != null; e = e.next) {
                if (e.hash == hash && e.get() == key) {
                    e.value = value;
                    return;
                }
            }
            t.set(index, new Entry<>(key, hash, value, t.get(index), collected));
            size++;
            if (size > t.length() - (t.length() >>> 2)) {
                grow(t);
            }
        }
    }

    /** The value of this key, or null. Identity semantics; no lock and no allocation; safe for many threads. */
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        int hash = hash(key);
        AtomicReferenceArray<Entry<V>> t = table;
        for (Entry<V> e = t.get(hash & (t.length() - 1)); e != null; e = e.next) {
            if (e.hash == hash && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** How many keys are mapped, counting collected ones not yet purged by a write. For tests. */
    public int size() {
        return size;
    }

    private void purgeCollected() {
        Reference<? extends Object> ref;
        while ((ref = collected.poll()) != null) {
            @SuppressWarnings("unchecked")
            Entry<V> dead = (Entry<V>) ref;
            AtomicReferenceArray<Entry<V>> t = table;
            int index = dead.hash & (t.length() - 1);
            Entry<V> previous = null;
            for (Entry<V> e = t.get(index); e != null; previous = e, e = e.next) {
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

    private void grow(AtomicReferenceArray<Entry<V>> old) {
        AtomicReferenceArray<Entry<V>> bigger = new AtomicReferenceArray<>(old.length() * 2);
        int live = 0;
        for (int i = 0; i < old.length(); i++) {
            for (Entry<V> e = old.get(i); e != null; e = e.next) {
                Object key = e.get();
                if (key != null) {
                    // New entries, never relinked old ones: readers may still be walking the old chains.
                    int index = e.hash & (bigger.length() - 1);
                    bigger.set(index, new Entry<>(key, e.hash, e.value, bigger.get(index), collected));
                    live++;
                }
            }
        }
        table = bigger;
        size = live;
    }

    private static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        volatile V value;
        volatile Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }
}
