package dev.bulwark.bootstrap.jdbc;

import dev.bulwark.bootstrap.stats.DurationHistogram;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long one database's statement attempts took, split as {@code db.client.operation.duration}
 * wants it: the ones that succeeded, and the failed ones by {@code error.type} (the SQLState when the
 * driver gave one, else the exception's class). At most {@value #MAX_ERROR_TYPES} error types are
 * kept; more count as {@value #OTHER}, so a driver with many states cannot grow the series.
 * Recording a success allocates nothing.
 */
public final class StatementDurations {
    static final int MAX_ERROR_TYPES = 16;
    static final String OTHER = "_OTHER";

    private final DurationHistogram succeeded = new DurationHistogram();
    private final ConcurrentHashMap<String, DurationHistogram> failed = new ConcurrentHashMap<>();
    private final DurationHistogram otherFailures = new DurationHistogram();

    /** One attempt that took {@code nanos} and threw {@code thrown} (null: it succeeded). */
    public void record(long nanos, Throwable thrown) {
        if (thrown == null) {
            succeeded.record(nanos);
        } else {
            failures(errorType(thrown)).record(nanos);
        }
    }

    private DurationHistogram failures(String type) {
        DurationHistogram h = failed.get(type);
        if (h != null) {
            return h;
        }
        if (failed.size() >= MAX_ERROR_TYPES) {
            return otherFailures;
        }
        return failed.computeIfAbsent(type, t -> new DurationHistogram());
    }

    static String errorType(Throwable thrown) {
        String state = JavaSql.isSqlException(thrown) ? JavaSql.sqlState(thrown) : null;
        return state == null || state.isBlank() ? thrown.getClass().getName() : state;
    }

    public DurationHistogram succeeded() {
        return succeeded;
    }

    /** The failed attempts by error type; read at export time, so it may allocate. */
    public Map<String, DurationHistogram> failed() {
        Map<String, DurationHistogram> out = new LinkedHashMap<>(failed);
        if (otherFailures.count() > 0) {
            out.put(OTHER, otherFailures);
        }
        return out;
    }

    /** Every attempt counted, succeeded or not. */
    public long count() {
        long n = succeeded.count() + otherFailures.count();
        for (DurationHistogram h : failed.values()) {
            n += h.count();
        }
        return n;
    }
}
