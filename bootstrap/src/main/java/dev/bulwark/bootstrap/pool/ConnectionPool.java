package dev.bulwark.bootstrap.pool;

import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.stats.DurationHistogram;
import dev.bulwark.bootstrap.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A small connection pool in the manner of HikariCP: connections sit in an array, and a borrower
 * takes an idle one with a compare-and-set, lowest index first (so surplus connections at the end
 * stay idle and time out). Only a borrower that finds none waits, parked until a connection is
 * returned or opened, or until its acquire timeout. Connections are opened on a Bulwark thread, never
 * the borrower's, so no borrower waits past its timeout on a database that does not answer.
 *
 * <p>Nothing here knows JDBC: a {@link Connector} opens, validates and closes. All time comes from
 * the {@link Clock}, so tests drive the pool exactly.
 *
 * @param <C> the connection type
 */
public final class ConnectionPool<C> {
    private static final long RETRY_OPEN_NANOS = 1_000_000_000L;
    private static final long MAX_HOUSEKEEPING_NANOS = 30_000_000_000L;
    private static final long MIN_HOUSEKEEPING_NANOS = 50_000_000L;

    private final String name;
    private final Connector<C> connector;
    private final Clock clock;
    private volatile PoolSettings settings;

    private final Object structure = new Object();
    // Copy-on-write: replaced whole (under structure) when a connection is added or retired.
    private volatile PoolEntry<C>[] entries;
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean filling = new AtomicBoolean();
    private final AtomicLong openFailures = new AtomicLong();
    private volatile Throwable lastOpenFailure;
    // Described once when it happens, by the connector (which knows what to mask), off the borrowing path.
    private volatile String lastOpenFailureText;
    private volatile boolean closed;

    private final LongAdder timeouts = new LongAdder();
    private final LongAdder retired = new LongAdder();
    private final LongAdder leaks = new LongAdder();
    private final DurationHistogram createTime = new DurationHistogram();
    private final DurationHistogram waitTime = new DurationHistogram();
    private final DurationHistogram useTime = new DurationHistogram();
    private final PoolExhaustion exhaustion;

    public ConnectionPool(String name, PoolSettings settings, Connector<C> connector, Clock clock) {
        this(name, settings, connector, clock, EventBus.global());
    }

    /** As above; {@code events} hears when the pool is exhausted ({@link PoolExhaustion}). */
    @SuppressWarnings("unchecked")
    public ConnectionPool(String name, PoolSettings settings, Connector<C> connector, Clock clock, EventBus events) {
        this.name = name;
        this.settings = settings;
        this.connector = connector;
        this.clock = clock;
        this.entries = (PoolEntry<C>[]) new PoolEntry<?>[0];
        this.exhaustion = new PoolExhaustion(name, events, clock);
    }

    /** Starts housekeeping (idle timeout, lifetime, keepalive, leaks, min idle) and opens the min idle connections. */
    public ConnectionPool<C> start() {
        scheduleHousekeeping();
        requestFill();
        return this;
    }

    /** The pool's name in logs and metrics; it never holds credentials. */
    public String name() {
        return name;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** New settings take effect at once for borrowers, and for connections as they are returned or checked. */
    public void reconfigure(PoolSettings next) {
        settings = next;
        requestFill();
    }

    /**
     * Lends a connection: an idle one if there is one (checked first if it sat idle long enough),
     * else the next one returned or opened, waiting at most the acquire timeout.
     *
     * @throws PoolTimeoutException when none came in time
     * @throws Exception            what opening a connection threw, when the pool has none and opening failed
     *                              while this borrower waited (the database is unreachable: fail at once)
     */
    public PoolEntry<C> borrow() throws Exception {
        long start = clock.nanoTime();
        PoolEntry<C> e = takeIdle(start);
        long now;
        if (e != null && e.checkedAt != start) {
            now = start; // taken at once and not validated: no time passed worth a second clock read
        } else {
            if (e == null) {
                e = await(start);
            }
            now = clock.nanoTime();
        }
        waitTime.record(now - start);
        return lent(e, now);
    }

    /**
     * Takes a connection opened outside the pool as its first member, lent to the caller. Returns
     * null when the pool is full.
     */
    public PoolEntry<C> adopt(C connection) {
        long now = clock.nanoTime();
        PoolEntry<C> e = new PoolEntry<>(connection, now, retireAt(now), PoolEntry.USED);
        return add(e) ? lent(e, now) : null;
    }

    /** Notes when, and (with leak detection on) where, a connection was lent. */
    private PoolEntry<C> lent(PoolEntry<C> e, long now) {
        e.borrowedAt = now;
        if (settings.leakThresholdNanos() > 0) {
            e.borrowedHere = new Throwable("the connection was borrowed here");
        }
        return e;
    }

    /** Takes a lent connection back; a broken or expired one is closed instead of lent again. */
    public void release(PoolEntry<C> e) {
        long now = clock.nanoTime();
        useTime.record(now - e.borrowedAt);
        if (e.leakReported) {
            BulwarkLog.info("the connection of pool " + name + " reported as leaked was returned after "
                    + millis(now - e.borrowedAt));
            e.leakReported = false; // the next borrower's leak is its own
        }
        e.borrowedHere = null;
        String why = retireReason(e, now);
        if (why != null) {
            retire(e, why);
            return;
        }
        e.releasedAt = now;
        e.state = PoolEntry.IDLE;
        Thread next = waiters.peek();
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    /** Closes every idle connection and refuses new borrowers; lent connections close as they come back. */
    public void close() {
        closed = true;
        for (PoolEntry<C> e : entries) {
            if (e.cas(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                retire(e, "the pool was closed");
            }
        }
        wakeAll();
    }

    /**
     * One round of upkeep: reports leaks; retires idle connections past their lifetime or idle
     * timeout (keeping min idle); validates those idle longer than the keepalive; tops up to min idle.
     */
    public void housekeep() {
        long now = clock.nanoTime();
        PoolSettings s = settings;
        int idle = idleCount();
        for (PoolEntry<C> e : entries) {
            if (e.state == PoolEntry.USED) {
                reportLeak(e, now, s);
            } else if (e.cas(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                String why = retireReason(e, now);
                if (why == null && s.idleTimeoutNanos() > 0 && idle > s.minIdle()
                        && now - e.releasedAt > s.idleTimeoutNanos()) {
                    why = "it was idle longer than the idle timeout";
                }
                if (why == null && s.keepaliveNanos() > 0 && now - Math.max(e.releasedAt, e.checkedAt)
                        >= s.keepaliveNanos()) {
                    e.checkedAt = now;
                    if (!connector.isValid(e.connection, s.validationTimeoutSeconds())) {
                        why = "it failed its keepalive check";
                    }
                }
                if (why != null) {
                    idle--;
                    retire(e, why);
                } else {
                    e.state = PoolEntry.IDLE;
                    Thread next = waiters.peek();
                    if (next != null) {
                        LockSupport.unpark(next);
                    }
                }
            }
        }
        requestFill();
    }

    // --- figures, read by telemetry (db.client.connection.*) ---

    public int idleCount() {
        int n = 0;
        for (PoolEntry<C> e : entries) {
            if (e.state == PoolEntry.IDLE) {
                n++;
            }
        }
        return n;
    }

    /** Connections lent out (or being checked), i.e. open and not idle. */
    public int usedCount() {
        return entries.length - idleCount();
    }

    public int maxSize() {
        return settings.maxSize();
    }

    public int minIdle() {
        return settings.minIdle();
    }

    /** Borrowers waiting for a connection now. */
    public int pendingRequests() {
        return pending.get();
    }

    /** Borrowers refused because no connection came within the acquire timeout. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Connections closed by the pool: broken, expired, idle too long, failed validation. */
    public long retiredCount() {
        return retired.sum();
    }

    public long openFailures() {
        return openFailures.get();
    }

    public long leaksReported() {
        return leaks.sum();
    }

    public DurationHistogram createTime() {
        return createTime;
    }

    public DurationHistogram waitTime() {
        return waitTime;
    }

    public DurationHistogram useTime() {
        return useTime;
    }

    /** The last failure to open a connection, or null once one opened again. */
    public Throwable lastOpenFailure() {
        return lastOpenFailure;
    }

    /** {@link #lastOpenFailure()} as text without credentials (see {@link Connector#describe}), or null. */
    public String lastOpenFailureReason() {
        return lastOpenFailure == null ? null : lastOpenFailureText;
    }

    // --- inside ---

    private PoolEntry<C> takeIdle(long now) {
        PoolSettings s = settings;
        for (PoolEntry<C> e : entries) {
            if (e.state == PoolEntry.IDLE && e.cas(PoolEntry.IDLE, PoolEntry.USED)) {
                String why = retireReason(e, now);
                if (why == null && now - Math.max(e.releasedAt, e.checkedAt) >= s.validateAfterIdleNanos()) {
                    e.checkedAt = now;
                    if (!connector.isValid(e.connection, s.validationTimeoutSeconds())) {
                        why = "it failed validation before it was lent";
                    }
                }
                if (why == null) {
                    return e;
                }
                retire(e, why);
            }
        }
        return null;
    }

    private PoolEntry<C> await(long start) throws Exception {
        long deadline = start + settings.acquireTimeoutNanos();
        long failuresBefore = openFailures.get();
        Thread me = Thread.currentThread();
        waiters.add(me);
        pending.incrementAndGet();
        try {
            requestFill();
            while (true) {
                long now = clock.nanoTime();
                PoolEntry<C> e = takeIdle(now);
                if (e != null) {
                    return e;
                }
                Throwable failure = lastOpenFailure;
                if (closed) {
                    throw new PoolTimeoutException("pool " + name + " is closed", failure);
                }
                if (failure != null && openFailures.get() != failuresBefore && entries.length == 0) {
                    throw failure instanceof Exception x ? x : new PoolTimeoutException(
                            "pool " + name + " could not open a connection: " + lastOpenFailureText,
                            failure);
                }
                if (now - deadline >= 0) {
                    timeouts.increment();
                    exhaustion.timedOut(now, settings.maxSize(), usedCount(), pending.get(),
                            settings.acquireTimeoutNanos());
                    throw new PoolTimeoutException("pool " + name + " had no connection free within the acquire "
                            + "timeout of " + millis(settings.acquireTimeoutNanos()) + " (" + usedCount() + " in use of "
                            + settings.maxSize() + ", " + pending.get() + " waiting)"
                            + (failure == null ? "" : "; opening a connection failed: " + lastOpenFailureText),
                            failure);
                }
                clock.parkUntil(deadline);
            }
        } finally {
            waiters.remove(me);
            pending.decrementAndGet();
            // We may have been woken for a connection we did not take: pass the wake-up on.
            Thread next = waiters.peek();
            if (next != null) {
                LockSupport.unpark(next);
            }
        }
    }

    /** Why this connection must not be lent again, or null. */
    private String retireReason(PoolEntry<C> e, long now) {
        if (e.broken) {
            return "it broke";
        }
        if (closed) {
            return "the pool was closed";
        }
        if (e.retireAt != 0 && now - e.retireAt >= 0) {
            return "it reached its max lifetime";
        }
        if (entries.length > settings.maxSize()) {
            return "the pool's max size was lowered";
        }
        return null;
    }

    private void retire(PoolEntry<C> e, String why) {
        e.state = PoolEntry.REMOVED;
        synchronized (structure) {
            PoolEntry<C>[] es = entries;
            int i = Arrays.asList(es).indexOf(e);
            if (i >= 0) {
                PoolEntry<C>[] fewer = Arrays.copyOf(es, es.length - 1);
                System.arraycopy(es, i + 1, fewer, i, es.length - i - 1);
                entries = fewer;
            }
        }
        retired.increment();
        BulwarkLog.debug("pool " + name + " closed a connection: " + why);
        clock.execute(() -> connector.close(e.connection));
        requestFill();
    }

    private boolean add(PoolEntry<C> e) {
        synchronized (structure) {
            PoolEntry<C>[] es = entries;
            if (closed || es.length >= settings.maxSize()) {
                return false;
            }
            PoolEntry<C>[] more = Arrays.copyOf(es, es.length + 1);
            more[es.length] = e;
            entries = more;
            return true;
        }
    }

    private boolean needsConnections() {
        PoolSettings s = settings;
        if (closed || entries.length >= s.maxSize()) {
            return false;
        }
        int idle = idleCount();
        return pending.get() > idle || idle < s.minIdle();
    }

    private void requestFill() {
        if (needsConnections() && filling.compareAndSet(false, true)) {
            clock.execute(this::fill);
        }
    }

    /** Opens connections one at a time while borrowers wait or min idle is not met; the only opener. */
    private void fill() {
        while (needsConnections()) {
            if (!openOne()) {
                // Not in a loop against a database that is down: the next borrower tries again (through the
                // database's breaker, which refuses at once while open), and min idle is topped up later.
                filling.set(false);
                // Woken only now that the next attempt may start: a borrower that fails and comes straight
                // back must find the pool able to try again, not still busy with this attempt.
                wakeAll();
                clock.schedule(this::requestFill, RETRY_OPEN_NANOS);
                return;
            }
        }
        filling.set(false);
        requestFill(); // a borrower may have come between the last check and the reset
    }

    private boolean openOne() {
        long t0 = clock.nanoTime();
        C c;
        try {
            c = connector.open();
        } catch (Throwable t) {
            // A driver's message may quote the URL, the user and the password.
            String text = describe(t);
            if (lastOpenFailure == null) {
                BulwarkLog.warn("pool " + name + " could not open a connection: " + text);
            }
            lastOpenFailureText = text;
            lastOpenFailure = t;
            openFailures.incrementAndGet();
            return false;
        }
        long t1 = clock.nanoTime();
        createTime.record(t1 - t0);
        if (lastOpenFailure != null) {
            BulwarkLog.info("pool " + name + " opens connections again");
            lastOpenFailure = null;
        }
        if (!add(new PoolEntry<>(c, t1, retireAt(t1), PoolEntry.IDLE))) {
            connector.close(c);
            return true;
        }
        Thread next = waiters.peek();
        if (next != null) {
            LockSupport.unpark(next);
        }
        return true;
    }

    private String describe(Throwable t) {
        try {
            return connector.describe(t);
        } catch (RuntimeException e) {
            return t.getClass().getName(); // the type alone cannot carry a credential
        }
    }

    private long retireAt(long now) {
        long lifetime = settings.maxLifetimeNanos();
        if (lifetime == 0) {
            return 0;
        }
        // Up to 2.5% earlier, so connections opened together do not all retire at the same moment.
        long at = now + lifetime - ThreadLocalRandom.current().nextLong(lifetime / 40 + 1);
        return at == 0 ? 1 : at;
    }

    private void reportLeak(PoolEntry<C> e, long now, PoolSettings s) {
        Throwable where = e.borrowedHere;
        if (s.leakThresholdNanos() > 0 && !e.leakReported && where != null && now - e.borrowedAt > s.leakThresholdNanos()) {
            e.leakReported = true;
            leaks.increment();
            BulwarkLog.warnWithStack("possible connection leak: a connection of pool " + name + " has been in use for "
                    + millis(now - e.borrowedAt) + ", longer than the leak detection threshold of "
                    + millis(s.leakThresholdNanos()) + "; it was borrowed at:", where);
        }
    }

    private void wakeAll() {
        for (Thread t : waiters) {
            LockSupport.unpark(t);
        }
    }

    private void scheduleHousekeeping() {
        if (closed) {
            return;
        }
        clock.schedule(() -> {
            try {
                housekeep();
            } catch (Throwable t) {
                BulwarkLog.warnOnce("pool-housekeeping:" + name, "pool " + name + " housekeeping failed", t);
            }
            scheduleHousekeeping();
        }, housekeepingPeriod(settings));
    }

    static long housekeepingPeriod(PoolSettings s) {
        long period = MAX_HOUSEKEEPING_NANOS;
        for (long n : new long[] {s.leakThresholdNanos() / 2, s.keepaliveNanos() / 2, s.idleTimeoutNanos() / 2}) {
            if (n > 0) {
                period = Math.min(period, n);
            }
        }
        return Math.max(MIN_HOUSEKEEPING_NANOS, period);
    }

    private static String millis(long nanos) {
        long ms = nanos / 1_000_000L;
        return ms < 10_000 ? ms + "ms" : ms / 1000 + "s";
    }
}
