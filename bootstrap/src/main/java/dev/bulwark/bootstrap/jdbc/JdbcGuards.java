package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import dev.bulwark.bootstrap.util.WeakIdentityMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What JDBC advice calls. Each database (a JDBC URL without credentials or parameters) gets two
 * guards: one for its statements (breaker, retry, bulkhead) and one for opening connections
 * (the same breaker, and a retry). A statement finds its database through its connection, with one
 * identity look-up. Rejections leave as the SQLException of {@link SqlRejections}: JDBC methods throw
 * nothing else. java.sql types appear as Object here: this class lives on the bootstrap class path,
 * which cannot see the java.sql module ({@link JavaSql} reaches it).
 *
 * <p>Safety: only transient failures count for the breaker or are retried; a statement is retried
 * only in auto-commit mode (inside a transaction a retry would replay half a unit of work) and
 * never a batch (drivers clear it when it runs).
 */
public final class JdbcGuards {

    /** How the agent plans the guards of a database from its rules. */
    public interface Planner {
        GuardPlan statements(String databaseKey);

        GuardPlan connections(String databaseKey);

        /** The settings in force; called per call, so it must be cheap. */
        Settings settings();
    }

    /** The {@code jdbc:} settings that apply to every call. */
    public record Settings(boolean enabled, Set<String> retrySqlStates, long statementTimeoutNanos) {
    }

    private static volatile Planner planner;
    private static final ConcurrentHashMap<String, int[]> SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, StatementDurations> STATEMENT_DURATIONS = new ConcurrentHashMap<>();
    // Which database each DataSource reaches, learned from its first connection; weak, by identity.
    private static final WeakIdentityMap<String> DATA_SOURCES = new WeakIdentityMap<>();

    private JdbcGuards() {
    }

    public static void install(Planner p) {
        planner = p;
    }

    /** The guard of the statements of this statement's database, or null when JDBC is not guarded. */
    public static Guard statementGuard(Object statement) {
        Planner p = planner;
        if (p == null || !p.settings().enabled()) {
            return null;
        }
        String key = keyOf(statement);
        return key == null ? null : Registry.guard(sites(key, p)[0]);
    }

    /** The guard of opening connections to {@code url}, or null when not guarded or not this driver's URL. */
    public static Guard connectionGuard(Object driver, String url) {
        Planner p = planner;
        if (p == null || url == null || !p.settings().enabled()) {
            return null;
        }
        try {
            if (!JavaSql.acceptsUrl(driver, url)) {
                return null; // DriverManager asks every driver; only the one that takes the URL is guarded
            }
        } catch (Throwable e) {
            return null;
        }
        DriverManagerPooling.noteOpener(driver);
        return Registry.guard(sites(DatabaseKey.of(url), p)[1]);
    }

    /**
     * The guard of {@code DataSource.getConnection} of this data source: its database's connection
     * guard, once a first connection has told which database it is; null before.
     */
    public static Guard dataSourceGuard(Object dataSource) {
        Planner p = planner;
        if (p == null || !p.settings().enabled()) {
            return null;
        }
        String key = DATA_SOURCES.get(dataSource);
        return key == null ? null : Registry.guard(sites(key, p)[1]);
    }

    /**
     * Ends a {@code DataSource.getConnection} attempt. The first connection names the data source's
     * database, and every connection is remembered with it. Retried like opening a connection, except
     * that a pool's getConnection is never retried ({@link KnownPools}).
     */
    public static long onDataSourceEnd(Guard guard, Object dataSource, Object opened, long start, Throwable thrown,
            int attempt, long firstStart) {
        if (opened != null && thrown == null) {
            String key = DATA_SOURCES.get(dataSource);
            if (key == null) {
                key = learn(dataSource, opened);
            }
            // A pool lends a new proxy per borrow: remembering each would cost a write per borrow. Statements on
            // a proxy find the connection it wraps instead (keyOf). A plain DataSource's connection is the real one.
            if (key != null && !KnownPools.isPoolClass(dataSource.getClass().getName())
                    && ConnectionRegistry.global().keyOf(opened) == null) {
                ConnectionRegistry.global().remember(opened, key);
            }
        }
        if (guard == null) {
            return -1;
        }
        boolean transientFailure = thrown != null && SqlFailures.isTransient(thrown, settings().retrySqlStates());
        boolean mayRetry = transientFailure && !KnownPools.isPoolClass(dataSource.getClass().getName());
        return guard.onAttemptEnd(start, thrown, attempt, firstStart, transientFailure ? thrown : null, mayRetry);
    }

    private static String learn(Object dataSource, Object connection) {
        try {
            String key = DatabaseKey.of(JavaSql.url(connection));
            DATA_SOURCES.put(dataSource, key);
            return key;
        } catch (Throwable e) {
            return null;
        }
    }

    /** Takes a statement's permits; a refusal is thrown as SQLException after leaving the call depth. */
    public static void enterStatement(Guard guard, Object statement) throws Exception {
        try {
            guard.enter();
        } catch (BulwarkException rejection) {
            CallDepth.exit();
            throw JavaSql.sneakyThrow(SqlRejections.of(guard.target(), "a statement", rejection));
        }
        applyTimeout(statement);
    }

    public static void enterConnection(Guard guard) throws Exception {
        try {
            guard.enter();
        } catch (BulwarkException rejection) {
            CallDepth.exit();
            throw JavaSql.sneakyThrow(SqlRejections.of(guard.target(), "a connection", rejection));
        }
    }

    /** Ends a statement attempt: judges the failure the JDBC way, then asks the guard what comes next. */
    public static long onStatementEnd(Guard guard, Object statement, boolean batch, long start, Throwable thrown,
            int attempt, long firstStart) {
        StatementDurations durations = STATEMENT_DURATIONS.get(guard.target());
        if (durations != null && start != 0) { // 0: no policy of this guard reads the clock
            durations.record(guard.now() - start, thrown);
        }
        boolean transientFailure = thrown != null && SqlFailures.isTransient(thrown, settings().retrySqlStates());
        if (thrown != null && SqlFailures.isFatal(thrown)) {
            markBroken(statement);
            return guard.onAttemptEnd(start, thrown, attempt, firstStart, thrown, false); // its connection is gone
        }
        boolean mayRetry = transientFailure && !batch && autoCommit(statement);
        return guard.onAttemptEnd(start, thrown, attempt, firstStart, transientFailure ? thrown : null, mayRetry);
    }

    /** Ends a connection attempt; opening a connection is always safe to retry. */
    public static long onConnectionEnd(Guard guard, Object opened, String url, long start, Throwable thrown,
            int attempt, long firstStart) {
        if (opened != null && thrown == null) {
            ConnectionRegistry.global().remember(opened, DatabaseKey.of(url));
        }
        boolean transientFailure = thrown != null && SqlFailures.isTransient(thrown, settings().retrySqlStates());
        return guard.onAttemptEnd(start, thrown, attempt, firstStart, transientFailure ? thrown : null,
                transientFailure);
    }

    /**
     * Waits, then takes the next attempt's permits; returns {@link Guard#STOP} or null. A refusal is
     * thrown as SQLException after leaving the call depth.
     */
    public static Object beginNextAttempt(Guard guard, long wait, Throwable previous, String what)
            throws Exception {
        try {
            Object next = guard.beginNextAttempt(wait, previous);
            if (next == Guard.STOP) {
                CallDepth.exit();
            }
            return next;
        } catch (BulwarkException rejection) {
            CallDepth.exit();
            Throwable sql = SqlRejections.of(guard.target(), what, rejection);
            if (previous != null) {
                sql.addSuppressed(previous);
            }
            throw JavaSql.sneakyThrow(sql);
        }
    }

    private static Settings settings() {
        Planner p = planner;
        return p == null ? new Settings(false, Set.of(), 0) : p.settings();
    }

    /**
     * How long statements took, per database (each attempt counted), for telemetry
     * ({@code db.client.operation.duration}). A live view.
     */
    public static Map<String, StatementDurations> statementDurations() {
        return Collections.unmodifiableMap(STATEMENT_DURATIONS);
    }

    private static int[] sites(String key, Planner p) {
        int[] sites = SITES.get(key);
        if (sites == null) {
            STATEMENT_DURATIONS.computeIfAbsent(key, k -> new StatementDurations());
            sites = SITES.computeIfAbsent(key, k -> new int[] {
                Registry.global().register("jdbc-statements:" + k, () -> p.statements(k)),
                Registry.global().register("jdbc-connections:" + k, () -> p.connections(k))});
        }
        return sites;
    }

    private static String keyOf(Object statement) {
        try {
            Object c = JavaSql.connectionOf(statement);
            if (c == null) {
                return null;
            }
            String key = ConnectionRegistry.global().keyOf(c);
            if (key != null) {
                return key;
            }
            // A pool's proxy (new per borrow, never remembered itself): the connection it wraps.
            Object wrapped = wrapped(c);
            if (wrapped != null) {
                key = ConnectionRegistry.global().keyOf(wrapped);
                if (key != null) {
                    return key;
                }
            }
            // Opened before the agent, or by a path we do not see: ask once per real connection.
            Object real = wrapped != null ? wrapped : c;
            key = DatabaseKey.of(JavaSql.url(real));
            ConnectionRegistry.global().remember(real, key);
            return key;
        } catch (Throwable e) {
            return null;
        }
    }

    private static void markBroken(Object statement) {
        try {
            ConnectionRegistry.global().markBroken(JavaSql.connectionOf(statement));
        } catch (Throwable e) {
            // a statement that cannot name its connection: the pool's validation finds it
        }
    }

    /** What a proxy connection wraps, or null when it is not a wrapper. */
    private static Object wrapped(Object connection) {
        try {
            Object w = JavaSql.unwrapConnection(connection);
            return w == connection ? null : w;
        } catch (Throwable e) {
            return null;
        }
    }

    private static boolean autoCommit(Object statement) {
        try {
            return JavaSql.autoCommit(JavaSql.connectionOf(statement));
        } catch (Throwable e) {
            return false; // cannot tell: never risk replaying part of a transaction
        }
    }

    private static void applyTimeout(Object statement) {
        long nanos = settings().statementTimeoutNanos();
        if (nanos <= 0) {
            return;
        }
        try {
            if (JavaSql.queryTimeout(statement) == 0) {
                JavaSql.setQueryTimeout(statement, (int) Math.max(1, nanos / 1_000_000_000L));
            }
        } catch (Throwable e) {
            // a driver that refuses timeouts runs without one
        }
    }
}
