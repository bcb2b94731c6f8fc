package dev.bulwark.bootstrap.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.bootstrap.time.Await;
import dev.bulwark.bootstrap.time.Clock;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    /** A connection that knows whether it still works. */
    static final class FakeConnection {
        final int id;
        volatile boolean alive = true;
        volatile boolean closed;

        FakeConnection(int id) {
            this.id = id;
        }
    }

    /** Opens fake connections, or fails while told to. */
    static final class FakeConnector implements Connector<FakeConnection> {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger validations = new AtomicInteger();
        final List<FakeConnection> all = new ArrayList<>();
        volatile Exception failWith;
        volatile String description;

        @Override
        public String describe(Throwable failure) {
            return description == null ? Connector.super.describe(failure) : description;
        }

        @Override
        public synchronized FakeConnection open() throws Exception {
            attempts.incrementAndGet();
            if (failWith != null) {
                throw failWith;
            }
            FakeConnection c = new FakeConnection(opened.incrementAndGet());
            all.add(c);
            return c;
        }

        @Override
        public boolean isValid(FakeConnection c, int timeoutSeconds) {
            validations.incrementAndGet();
            return c.alive && !c.closed;
        }

        @Override
        public void close(FakeConnection c) {
            c.closed = true;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final FakeConnector connector = new FakeConnector();

    private static PoolSettings settings(int minIdle, int max) {
        return new PoolSettings(minIdle, max, 2 * S, 60 * S, 1800 * S, 0, 500 * MS, S, 0);
    }

    private ConnectionPool<FakeConnection> pool(PoolSettings s) {
        return new ConnectionPool<>("test-db", s, connector, clock);
    }

    @Test
    void reusesAReturnedConnection() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 4));
        PoolEntry<FakeConnection> first = pool.borrow();
        assertEquals(1, pool.usedCount());
        pool.release(first);
        assertEquals(0, pool.usedCount());
        assertEquals(1, pool.idleCount());
        PoolEntry<FakeConnection> second = pool.borrow();
        assertSame(first.connection(), second.connection());
        assertEquals(1, connector.opened.get());
        assertEquals(0, connector.validations.get(), "not idle long enough to be checked");
        assertEquals(2, pool.waitTime().count());
        assertEquals(1, pool.createTime().count());
    }

    @Test
    void startOpensMinIdle() {
        ConnectionPool<FakeConnection> pool = pool(settings(3, 5)).start();
        assertEquals(3, pool.idleCount());
        assertEquals(3, connector.opened.get());
    }

    @Test
    void aBorrowerWaitsForAReturnedConnectionAndGetsIt() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 1));
        PoolEntry<FakeConnection> held = pool.borrow();
        CompletableFuture<PoolEntry<FakeConnection>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Await.until(() -> pool.pendingRequests() == 1, "the second borrower waits");
        pool.release(held);
        PoolEntry<FakeConnection> got = waiter.get(10, TimeUnit.SECONDS);
        assertSame(held.connection(), got.connection());
        assertEquals(0, pool.timeouts());
        assertEquals(1, connector.opened.get());
    }

    @Test
    void aBorrowerGivesUpAtTheAcquireTimeout() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 1));
        pool.borrow();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                pool.borrow();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Await.until(() -> pool.pendingRequests() == 1, "the second borrower waits");
        clock.advanceNanos(2 * S - 1);
        assertFalse(waiter.isDone(), "still within the acquire timeout");
        clock.advanceNanos(1);
        Throwable t = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(t instanceof PoolTimeoutException, String.valueOf(t));
        assertEquals("pool test-db had no connection free within the acquire timeout of 2000ms (1 in use of 1, 1 "
                + "waiting)", t.getMessage());
        assertEquals(1, pool.timeouts());
        assertEquals(0, pool.pendingRequests());
    }

    @Test
    void aBorrowerThatGivesUpSaysThePoolIsExhausted() throws Exception {
        EventBus bus = new EventBus();
        List<BulwarkEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe(events::add);
        ConnectionPool<FakeConnection> pool = new ConnectionPool<>("test-db", settings(0, 1), connector, clock, bus);
        pool.borrow();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                pool.borrow();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Await.until(() -> pool.pendingRequests() == 1, "the second borrower waits");
        assertTrue(events.isEmpty(), events::toString);
        clock.advanceNanos(2 * S);
        assertTrue(waiter.get(10, TimeUnit.SECONDS) instanceof PoolTimeoutException);
        assertEquals(1, events.size(), events::toString);
        assertEquals("pool 'test-db' exhausted: 1 borrower got no connection within 2000ms (1 in use of 1, 1 waiting)",
                events.get(0).toString());
    }

    @Test
    void anEmptyPoolThatCannotOpenFailsAtOnceWithTheDriversError() {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 2));
        Exception refused = new Exception("connection refused");
        connector.failWith = refused;
        Exception thrown = assertThrows(Exception.class, pool::borrow);
        assertSame(refused, thrown);
        assertEquals(0, pool.timeouts());
        assertSame(refused, pool.lastOpenFailure());
        // The next borrower tries again at once (a breaker in the connector is what refuses fast), and fails at once.
        assertThrows(Exception.class, pool::borrow);
        assertEquals(2, connector.attempts.get());
        // It opens again once the database is back, after the retry delay.
        connector.failWith = null;
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrowBorrow(pool);
        assertNull(pool.lastOpenFailure());
    }

    @Test
    void aFailedOpenIsLoggedOnceWithoutThePasswordTheDriverQuoted() {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 2));
        connector.failWith = new java.sql.SQLException("FATAL: cannot reach jdbc:postgresql://app:pw-s3cret@db1:5432/orders"
                + "?password=pw-s3cret; tried with password=pw-s3cret", "08001");
        String err = stderrOf(() -> {
            assertThrows(Exception.class, pool::borrow);
            assertThrows(Exception.class, pool::borrow);
        });
        assertFalse(err.contains("pw-s3cret"), err);
        assertEquals(1, err.split("could not open a connection", -1).length - 1, err);
        assertTrue(err.contains("[bulwark] WARN pool test-db could not open a connection: java.sql.SQLException: FATAL: "
                + "cannot reach jdbc:postgresql://db1:5432/orders"), err);
    }

    @Test
    void theConnectorDescribesAFailedOpenForLogsAndHealth() {
        FakeConnector masking = new FakeConnector();
        masking.description = "described: SQLException";
        masking.failWith = new java.sql.SQLException("role \"app\" does not exist");
        ConnectionPool<FakeConnection> pool = new ConnectionPool<>("test-db", settings(0, 2), masking, clock);
        String err = stderrOf(() -> assertThrows(Exception.class, pool::borrow));
        assertEquals("described: SQLException", pool.lastOpenFailureReason());
        assertTrue(err.contains("could not open a connection: described: SQLException"), err);
        masking.failWith = null;
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrowBorrow(pool);
        assertNull(pool.lastOpenFailureReason());
    }

    /** What {@code action} wrote to System.err, which Bulwark's log writes to. */
    private static String stderrOf(Runnable action) {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aConnectionIdleLongerThanTheThresholdIsValidatedAndADeadOneReplaced() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 2));
        PoolEntry<FakeConnection> e = pool.borrow();
        pool.release(e);
        e.connection().alive = false; // the server killed it while it sat idle
        clock.advanceNanos(500 * MS);
        PoolEntry<FakeConnection> next = pool.borrow();
        assertNotSame(e.connection(), next.connection());
        assertTrue(e.connection().closed, "the dead connection is closed");
        assertEquals(1, pool.retiredCount());
        assertEquals(1, connector.validations.get());
    }

    @Test
    void aBrokenConnectionIsClosedWhenReturnedAndNeverLentAgain() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 2));
        PoolEntry<FakeConnection> e = pool.borrow();
        e.markBroken();
        pool.release(e);
        assertTrue(e.connection().closed);
        assertEquals(0, pool.idleCount() + pool.usedCount());
        assertNotSame(e.connection(), pool.borrow().connection());
    }

    @Test
    void aConnectionPastItsLifetimeIsRetiredWhenReturned() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(new PoolSettings(0, 2, 2 * S, 0, 60 * S, 0, 500 * MS, S, 0));
        PoolEntry<FakeConnection> e = pool.borrow();
        clock.advance(Duration.ofSeconds(60));
        pool.release(e);
        assertTrue(e.connection().closed);
        assertEquals(1, pool.retiredCount());
    }

    @Test
    void housekeepingClosesIdleConnectionsBeyondMinIdleAndTopsUp() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(new PoolSettings(1, 4, 2 * S, 10 * S, 0, 0, 500 * MS, S, 0));
        List<PoolEntry<FakeConnection>> lent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lent.add(pool.borrow());
        }
        lent.forEach(pool::release);
        assertEquals(3, pool.idleCount());
        clock.advance(Duration.ofSeconds(11));
        pool.housekeep();
        assertEquals(1, pool.idleCount(), "min idle kept");
        assertEquals(2, pool.retiredCount());
    }

    @Test
    void keepaliveFindsAConnectionThatDiedWhileIdle() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(new PoolSettings(1, 4, 2 * S, 0, 0, 30 * S, 500 * MS, S, 0));
        pool.start();
        FakeConnection first = connector.all.get(0);
        first.alive = false;
        clock.advance(Duration.ofSeconds(30)); // housekeeping runs on the clock
        assertTrue(first.closed);
        assertEquals(1, pool.idleCount(), "refilled to min idle");
        assertEquals(2, connector.opened.get());
    }

    @Test
    void aLeakIsReportedOnceWithTheBorrowersStack() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(new PoolSettings(0, 4, 2 * S, 0, 0, 0, 500 * MS, S, 5 * S));
        PoolEntry<FakeConnection> e = pool.borrow();
        assertTrue(stackMentions(e.borrowedHere, "aLeakIsReportedOnceWithTheBorrowersStack"));
        clock.advance(Duration.ofSeconds(5));
        pool.housekeep();
        assertEquals(0, pool.leaksReported(), "not past the threshold yet");
        clock.advanceNanos(1);
        pool.housekeep();
        pool.housekeep();
        assertEquals(1, pool.leaksReported());
        pool.release(e);
        assertNull(e.borrowedHere);
        // The same connection leaked again by its next borrower is reported again.
        PoolEntry<FakeConnection> again = pool.borrow();
        assertSame(e, again);
        clock.advance(Duration.ofSeconds(6));
        pool.housekeep();
        assertEquals(2, pool.leaksReported());
    }

    @Test
    void closingRetiresIdleConnectionsAndRefusesBorrowers() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(2, 4)).start();
        PoolEntry<FakeConnection> lent = pool.borrow();
        pool.close();
        assertEquals(1, pool.usedCount() + pool.idleCount());
        pool.release(lent);
        assertTrue(lent.connection().closed);
        assertThrows(PoolTimeoutException.class, pool::borrow);
        assertTrue(connector.all.stream().allMatch(c -> c.closed));
    }

    @Test
    void loweringMaxSizeRetiresSurplusConnectionsAsTheyReturn() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 3));
        PoolEntry<FakeConnection> a = pool.borrow();
        PoolEntry<FakeConnection> b = pool.borrow();
        pool.reconfigure(settings(0, 1));
        pool.release(a);
        pool.release(b);
        assertEquals(1, pool.idleCount() + pool.usedCount());
    }

    @Test
    void manyThreadsNeverHoldMoreThanMaxSizeAndNothingLeaks() throws Exception {
        FakeConnector real = new FakeConnector();
        ConnectionPool<FakeConnection> pool = new ConnectionPool<>("many", new PoolSettings(0, 4, 60 * S, 0, 0, 0,
                500 * MS, S, 0), real, Clock.system());
        ConcurrentHashMap<FakeConnection, Boolean> inUse = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch done = new CountDownLatch(16);
        for (int t = 0; t < 16; t++) {
            threads.execute(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        PoolEntry<FakeConnection> e = pool.borrow();
                        if (inUse.put(e.connection(), Boolean.TRUE) != null) {
                            overlaps.incrementAndGet();
                        }
                        inUse.remove(e.connection());
                        pool.release(e);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        threads.shutdown();
        assertEquals(0, overlaps.get(), "a connection was lent to two borrowers at once");
        assertTrue(real.opened.get() <= 4, "opened " + real.opened.get());
        assertEquals(0, pool.usedCount());
        assertEquals(0, pool.pendingRequests());
        assertEquals(0, pool.timeouts());
        assertEquals(16 * 2_000, pool.useTime().count());
    }

    @Test
    void borrowingAndReturningAnIdleConnectionAllocatesNothing() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(settings(0, 2));
        pool.release(pool.borrow());
        long bytes = Allocation.bytesPerCall(() -> {
            try {
                pool.release(pool.borrow());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, bytes);
    }

    @Test
    void housekeepingRunsAtLeastEvery30sAndOftenerForShortSettings() {
        assertEquals(30 * S, ConnectionPool.housekeepingPeriod(new PoolSettings(0, 1, S, 0, 0, 0, 0, S, 0)));
        assertEquals(2 * S, ConnectionPool.housekeepingPeriod(new PoolSettings(0, 1, S, 0, 0, 0, 0, S, 4 * S)));
        assertEquals(50 * MS, ConnectionPool.housekeepingPeriod(new PoolSettings(0, 1, S, 0, 0, 0, 0, S, 2 * MS)));
    }

    private static void assertDoesNotThrowBorrow(ConnectionPool<FakeConnection> pool) {
        try {
            pool.borrow();
        } catch (Exception e) {
            throw new AssertionError("borrow failed", e);
        }
    }

    private static boolean stackMentions(Throwable t, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
