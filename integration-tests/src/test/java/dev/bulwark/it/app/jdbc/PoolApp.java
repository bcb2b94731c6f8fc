package dev.bulwark.it.app.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.annotations.Bulwark;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.Pools;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application that never set up a pool: it calls DriverManager.getConnection for every unit of
 * work. With the agent attached, its connections come from Bulwark's pool. Prints facts, one per line.
 */
public final class PoolApp {
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PASSWORD = "s3cr3t-pw";

    private PoolApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        switch (args[0]) {
            case "h2-reuse" -> h2Reuse();
            case "pg-reset" -> reset(PG, "postgres", PASSWORD, "SELECT pg_backend_pid()");
            case "mariadb-reset" -> reset("jdbc:mariadb://127.0.0.1:3306/test", "root", "", "SELECT CONNECTION_ID()");
            case "pg-evict" -> pgEvict();
            case "h2-leak" -> h2Leak();
            case "h2-other-pools" -> h2OtherPools();
            case "pg-restart" -> pgRestart();
            case "pg-datasource-outage" -> pgDataSourceOutage();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    private static Connection pg() throws SQLException {
        return DriverManager.getConnection(PG, "postgres", PASSWORD);
    }

    private static void h2Reuse() throws SQLException {
        String url = "jdbc:h2:mem:reuse;DB_CLOSE_DELAY=-1";
        Set<Integer> sessions = new HashSet<>();
        String type = "";
        for (int i = 0; i < 100; i++) {
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                type = c.getClass().getSimpleName();
                sessions.add(queryInt(c, "SELECT SESSION_ID()"));
            }
        }
        System.out.println("connection class " + type);
        System.out.println("sessions used " + sessions.size());
        ConnectionPool<?> pool = pool("jdbc:h2:mem:reuse");
        System.out.println("pool " + pool.name() + " idle=" + pool.idleCount() + " used=" + pool.usedCount()
                + " waits=" + pool.waitTime().count() + " uses=" + pool.useTime().count());
        System.out.println("statements timed " + JdbcGuards.statementDurations().get("jdbc:h2:mem:reuse").count());
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.close();
            c.createStatement();
        } catch (SQLException e) {
            System.out.println("after close: " + e.getSQLState() + " " + e.getMessage());
        }
    }

    private static void reset(String url, String user, String password, String backendQuery) throws SQLException {
        String table = "bw_reset_" + ProcessHandle.current().pid();
        int isolation;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int)");
            isolation = c.getTransactionIsolation();
        }
        int pid;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            pid = queryInt(c, backendQuery);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(false);
            Statement left = c.createStatement();
            left.execute("INSERT INTO " + table + " VALUES (1)");
            System.out.println("inserted without commit");
            c.close();
            System.out.println("statement left open is closed " + left.isClosed());
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            System.out.println("same backend " + (queryInt(c, backendQuery) == pid));
            System.out.println("autoCommit " + c.getAutoCommit());
            System.out.println("isolation restored " + (c.getTransactionIsolation() == isolation));
            System.out.println("rows " + queryInt(c, "SELECT count(*) FROM " + table));
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    private static void pgEvict() throws Exception {
        // Idle connections killed by the server are found by validation and replaced, unseen by the app.
        List<Connection> held = new ArrayList<>();
        Set<Integer> killed = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Connection c = pg();
            killed.add(queryInt(c, "SELECT pg_backend_pid()"));
            held.add(c);
        }
        for (Connection c : held) {
            c.close();
        }
        terminate(killed);
        int pid;
        try (Connection c = pg()) {
            pid = queryInt(c, "SELECT pg_backend_pid()");
            System.out.println("after idle kill: new backend " + !killed.contains(pid) + " query " + queryInt(c,
                    "SELECT 1"));
        }
        // One killed while lent: the application sees the failure, the pool retires it.
        try (Connection c = pg()) {
            pid = queryInt(c, "SELECT pg_backend_pid()");
            terminate(Set.of(pid));
            try {
                queryInt(c, "SELECT 1");
                System.out.println("in-use kill unnoticed");
            } catch (SQLException e) {
                System.out.println("in-use kill failed " + e.getSQLState().substring(0, 2));
            }
        }
        try (Connection c = pg()) {
            System.out.println("after in-use kill: new backend " + (queryInt(c, "SELECT pg_backend_pid()") != pid));
        }
        ConnectionPool<?> pool = pool(PG);
        System.out.println("retired at least 4 " + (pool.retiredCount() >= 4));
    }

    private static void terminate(Set<Integer> pids) throws SQLException {
        // A connection of another URL (its own pool), so the pooled ones are not touched.
        try (Connection admin = DriverManager.getConnection(PG + "?ApplicationName=admin", "postgres", PASSWORD);
                Statement s = admin.createStatement()) {
            for (int p : pids) {
                s.execute("SELECT pg_terminate_backend(" + p + ")");
            }
        }
    }

    private static void h2Leak() throws Exception {
        String url = "jdbc:h2:mem:leak;DB_CLOSE_DELAY=-1";
        Connection leaked = borrowAndForget(url);
        ConnectionPool<?> pool = pool("jdbc:h2:mem:leak");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.leaksReported() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // waiting for the housekeeper's report, which the threshold in the test makes due
        }
        System.out.println("leaks reported " + pool.leaksReported());
        leaked.close();
    }

    private static Connection borrowAndForget(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        queryInt(c, "SELECT 1");
        return c;
    }

    private static void h2OtherPools() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:hikari;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            for (int i = 0; i < 5; i++) {
                try (Connection c = ds.getConnection()) {
                    queryInt(c, "SELECT 1");
                    if (i == 0) {
                        System.out.println("hikari connection " + c.getClass().getSimpleName());
                    }
                }
            }
        }
        DataSource plain = new DriverManagerDataSource("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection c = plain.getConnection()) {
            System.out.println("datasource connection " + c.getClass().getName().startsWith("org.h2."));
        }
        System.out.println("pools for hikari " + Pools.all().stream().filter(p -> p.name().contains("hikari")).count());
        System.out.println("pools for plain " + Pools.all().stream().filter(p -> p.name().contains("plain")).count());
    }

    /** DataSource.getConnection passes the database's breaker: it opens when the database is unreachable. */
    private static void pgDataSourceOutage() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(5432)) {
            DataSource ds = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + proxy.port()
                    + "/test?connectTimeout=2", "postgres", PASSWORD);
            try (Connection c = ds.getConnection()) {
                System.out.println("datasource query " + queryInt(c, "SELECT 1"));
            }
            proxy.cut();
            String last = "";
            for (int i = 0; i < 8 && !last.startsWith("BW"); i++) {
                try (Connection c = ds.getConnection()) {
                    last = "connected";
                } catch (SQLException e) {
                    last = e.getSQLState();
                    System.out.println("datasource during outage " + last);
                }
            }
        }
    }

    /**
     * 50 threads borrow, query and return while the connection path goes down and comes back (a
     * restart, as the application sees it). No thread may wait past the acquire timeout, nothing may
     * leak, and the pool must refill.
     */
    private static void pgRestart() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(5432)) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?connectTimeout=2&socketTimeout=5";
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong longestWaitNanos = new AtomicLong();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(50);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                work.add(threads.submit(() -> {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try (Connection c = DriverManager.getConnection(url, "postgres", PASSWORD)) {
                            longestWaitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            queryInt(c, "SELECT 1");
                            ok.incrementAndGet();
                        } catch (SQLException e) {
                            longestWaitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await(() -> ok.get() >= 500, "500 queries before the cut");
            proxy.cut();
            int failedBefore = failed.get();
            await(() -> failed.get() > failedBefore + 50, "failures during the cut");
            proxy.restore();
            int okAtRestore = ok.get();
            await(() -> ok.get() >= okAtRestore + 500, "500 queries after the restore");
            stop.set(true);
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            ConnectionPool<?> pool = pool("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
            // Bounded by the acquire timeout; the slack is for a loaded 2-core machine's scheduling, not a speed claim.
            System.out.println("longest wait bounded by the acquire timeout "
                    + (longestWaitNanos.get() < pool.settings().acquireTimeoutNanos() + TimeUnit.SECONDS.toNanos(10)));
            System.out.println("failed during cut " + (failed.get() > 0));
            System.out.println("in use after " + pool.usedCount());
            System.out.println("waiting after " + pool.pendingRequests());
            System.out.println("refilled " + (pool.idleCount() > 0 && pool.idleCount() <= pool.maxSize()));
            try (Connection c = DriverManager.getConnection(url, "postgres", PASSWORD)) {
                System.out.println("query after " + queryInt(c, "SELECT 1"));
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static ConnectionPool<?> pool(String keyPrefix) {
        return Pools.all().stream().filter(p -> p.name().startsWith(keyPrefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pool for " + keyPrefix + " in " + Pools.all().stream()
                        .map(ConnectionPool::name).toList()));
    }

    private static int queryInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The simplest DataSource there is: DriverManager behind getConnection. Already "pooled" by its owner's choice. */
    private static final class DriverManagerDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverManagerDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
