package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bulwark.bootstrap.testing.Allocation;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {
    private static final String ORDERS = "jdbc:postgresql://db1:5432/orders";
    private static final String USERS = "jdbc:postgresql://db2:5432/users";
    private static final int GC_TRIES = 50;

    /** A Connection whose every method, equals and hashCode included, throws: the registry must never call one. */
    private static Connection hostileConnection() {
        return (Connection) Proxy.newProxyInstance(ConnectionRegistryTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the registry called Connection#" + method.getName());
                });
    }

    /** A Connection that claims to equal every other and hashes to one value, as a careless pool proxy might. */
    private static Connection alikeConnection() {
        return (Connection) Proxy.newProxyInstance(ConnectionRegistryTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> true;
                    case "hashCode" -> 42;
                    default -> null;
                });
    }

    @Test
    void rememberedConnectionFindsItsKey() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection connection = hostileConnection();
        registry.remember(connection, ORDERS);
        assertSame(ORDERS, registry.keyOf(connection));
    }

    @Test
    void unknownConnectionHasNoKey() {
        ConnectionRegistry registry = new ConnectionRegistry();
        registry.remember(hostileConnection(), ORDERS);
        assertNull(registry.keyOf(hostileConnection()));
    }

    @Test
    void nullConnectionHasNoKey() {
        assertNull(new ConnectionRegistry().keyOf(null));
    }

    @Test
    void connectionsThatClaimToBeEqualKeepTheirOwnKeys() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection orders = alikeConnection();
        Connection users = alikeConnection();
        registry.remember(orders, ORDERS);
        registry.remember(users, USERS);
        assertEquals(List.of(ORDERS, USERS), List.of(registry.keyOf(orders), registry.keyOf(users)));
    }

    @Test
    void rememberingAgainReplacesTheKey() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection connection = hostileConnection();
        registry.remember(connection, ORDERS);
        registry.remember(connection, USERS);
        assertSame(USERS, registry.keyOf(connection));
    }

    @Test
    void rememberingAgainKeepsOneEntry() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection connection = hostileConnection();
        for (int i = 0; i < 1_000; i++) {
            registry.remember(connection, ORDERS);
        }
        assertEquals(1, registry.size());
    }

    @Test
    void everyConnectionIsFoundAfterTheTableGrows() {
        ConnectionRegistry registry = new ConnectionRegistry();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Connection connection = hostileConnection();
            connections.add(connection);
            registry.remember(connection, "jdbc:h2:mem:db" + (i % 7));
        }
        for (int i = 0; i < connections.size(); i++) {
            assertEquals("jdbc:h2:mem:db" + (i % 7), registry.keyOf(connections.get(i)), "connection " + i);
        }
    }

    @Test
    void manyThreadsRememberAndFindTheirConnections() throws InterruptedException {
        ConnectionRegistry registry = new ConnectionRegistry();
        int threads = 8;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = "jdbc:h2:mem:thread" + t;
            Thread worker = new Thread(() -> {
                List<Connection> mine = new ArrayList<>();
                await(start);
                for (int i = 0; i < perThread; i++) {
                    Connection connection = hostileConnection();
                    mine.add(connection);
                    registry.remember(connection, key);
                    if (registry.keyOf(connection) != key) {
                        wrong.add(key + " just after remember: " + registry.keyOf(connection));
                    }
                }
                for (Connection connection : mine) {
                    if (registry.keyOf(connection) != key) {
                        wrong.add(key + " at the end: " + registry.keyOf(connection));
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), List.copyOf(wrong));
    }

    @Test
    void readersNeverMissAConnectionWhileOthersAreAdded() throws InterruptedException {
        ConnectionRegistry registry = new ConnectionRegistry();
        List<Connection> known = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Connection connection = hostileConnection();
            known.add(connection);
            registry.remember(connection, ORDERS);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Integer> missed = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            Thread reader = new Thread(() -> {
                do {
                    for (int i = 0; i < known.size(); i++) {
                        if (registry.keyOf(known.get(i)) != ORDERS) {
                            missed.add(i);
                        }
                    }
                } while (writing.get());
            });
            readers.add(reader);
            reader.start();
        }
        List<Connection> added = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            Connection connection = hostileConnection();
            added.add(connection);
            registry.remember(connection, USERS);
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(List.of(), List.copyOf(missed));
    }

    @Test
    void forgottenConnectionsArePurged() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection live = hostileConnection();
        WeakReference<Connection> probe = rememberForgotten(registry, 1_000);
        registry.remember(live, ORDERS);
        // Only here: whether the collector has run cannot be known otherwise. Tries are bounded, no time is asserted.
        for (int i = 0; i < GC_TRIES && registry.size() > 1; i++) {
            System.gc();
            Thread.yield();
            registry.remember(live, ORDERS);
        }
        if (registry.size() > 1) {
            fail(registry.size() + " entries left after " + GC_TRIES + " collections; probe collected: " + (probe.get() == null));
        }
        assertSame(ORDERS, registry.keyOf(live));
    }

    @Test
    void churnOfForgottenConnectionsKeepsTheSizeBounded() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection live = hostileConnection();
        registry.remember(live, ORDERS);
        int rounds = 50;
        int perRound = 2_000;
        int largest = 0;
        for (int round = 0; round < rounds; round++) {
            rememberForgotten(registry, perRound);
            System.gc();
            largest = Math.max(largest, registry.size());
        }
        for (int i = 0; i < GC_TRIES && registry.size() > 1; i++) {
            System.gc();
            Thread.yield();
            registry.remember(live, ORDERS);
        }
        int total = rounds * perRound;
        int peak = largest;
        assertEquals(1, registry.size(), () -> "left after churn; peak " + peak + " of " + total + " remembered");
    }

    @Test
    void globalIsOneRegistry() {
        assertSame(ConnectionRegistry.global(), ConnectionRegistry.global());
    }

    @Test
    void keyOfAllocatesNothing() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Connection connection = hostileConnection();
        for (int i = 0; i < 100; i++) {
            registry.remember(hostileConnection(), USERS);
        }
        registry.remember(connection, ORDERS);
        assertEquals(0, Allocation.bytesPerCall(() -> registry.keyOf(connection)));
    }

    /** Remembers {@code n} connections nothing else holds; a separate method so that no local keeps one alive. */
    private static WeakReference<Connection> rememberForgotten(ConnectionRegistry registry, int n) {
        Connection last = null;
        for (int i = 0; i < n; i++) {
            last = hostileConnection();
            registry.remember(last, USERS);
        }
        return new WeakReference<>(last);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
