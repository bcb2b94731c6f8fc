package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.stats.DurationHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long each HTTP request attempt of a guarded client took, by server, method and status code
 * or error type: what {@code http.client.request.duration} exports. The HTTP guards record an
 * attempt where they learn its outcome; a series is found by identity, array index and the
 * exception's (cached) class name, so recording takes no lock and, once the series exists,
 * allocates nothing. Cardinality stays bounded: methods outside the semantic conventions' set are
 * {@code _OTHER}, status codes are 100 to 599, and each server and method keeps at most
 * {@value #MAX_ERROR_TYPES} exception types (more count as {@code _OTHER}).
 */
public final class HttpClientDurations {
    /** The methods the semantic conventions name; the last stands for every other. */
    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT",
        "TRACE", "_OTHER"};
    static final String OTHER = "_OTHER";
    static final int MAX_ERROR_TYPES = 16;
    private static final int MAX_STATUS = 599;
    private static final HttpClientDurations GLOBAL = new HttpClientDurations();

    /** One series as it is exported; {@code status} 0 when no response came, {@code errorType} null for none. */
    public record Series(String server, String method, int status, String errorType, DurationHistogram durations) {
    }

    private final ConcurrentHashMap<HttpSite, Server> servers = new ConcurrentHashMap<>();

    public static HttpClientDurations global() {
        return GLOBAL;
    }

    /**
     * Counts one attempt that was sent (a call refused by a policy never was) into the global
     * durations; never throws.
     *
     * @param status the response's status, or 0 (or less) when none came
     * @param thrown what the attempt threw, read only when no status came
     */
    static void record(HttpSite site, String method, int status, Throwable thrown, long nanos) {
        try {
            GLOBAL.add(site, method, status, thrown, nanos);
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-durations", "cannot count HTTP request durations; requests run on", e);
        }
    }

    void add(HttpSite site, String method, int status, Throwable thrown, long nanos) {
        Server s = servers.get(site);
        if (s == null) {
            s = servers.computeIfAbsent(site, k -> new Server(k.server()));
        }
        DurationHistogram h = s.histogram(methodIndex(method), status, thrown);
        if (h != null) {
            h.record(nanos);
        }
    }

    /** Every series counted so far; read at export time, so it may allocate. */
    public List<Series> series() {
        List<Series> out = new ArrayList<>();
        for (Server s : servers.values()) {
            s.addTo(out);
        }
        return out;
    }

    static int methodIndex(String method) {
        if (method != null) {
            for (int i = 0; i < METHODS.length - 1; i++) {
                if (METHODS[i].equals(method)) {
                    return i;
                }
            }
        }
        return METHODS.length - 1;
    }

    /** The series of one server: per method, one histogram per status code and per exception type. */
    private static final class Server {
        private final String server;
        private final AtomicReferenceArray<AtomicReferenceArray<DurationHistogram>> byStatus =
                new AtomicReferenceArray<>(METHODS.length);
        private final AtomicReferenceArray<ConcurrentHashMap<String, DurationHistogram>> byError =
                new AtomicReferenceArray<>(METHODS.length);
        private final AtomicReferenceArray<DurationHistogram> otherError = new AtomicReferenceArray<>(METHODS.length);

        Server(String server) {
            this.server = server;
        }

        DurationHistogram histogram(int method, int status, Throwable thrown) {
            if (status >= 100 && status <= MAX_STATUS) {
                AtomicReferenceArray<DurationHistogram> statuses = byStatus.get(method);
                if (statuses == null) {
                    byStatus.compareAndSet(method, null, new AtomicReferenceArray<>(MAX_STATUS + 1));
                    statuses = byStatus.get(method);
                }
                return slot(statuses, status);
            }
            if (thrown == null) {
                return null; // neither a response nor a failure: nothing to say about it
            }
            ConcurrentHashMap<String, DurationHistogram> errors = byError.get(method);
            if (errors == null) {
                byError.compareAndSet(method, null, new ConcurrentHashMap<>());
                errors = byError.get(method);
            }
            String type = thrown.getClass().getName();
            DurationHistogram h = errors.get(type);
            if (h != null) {
                return h;
            }
            if (errors.size() >= MAX_ERROR_TYPES) {
                return slot(otherError, method);
            }
            return errors.computeIfAbsent(type, t -> new DurationHistogram());
        }

        private static DurationHistogram slot(AtomicReferenceArray<DurationHistogram> array, int i) {
            DurationHistogram h = array.get(i);
            if (h == null) {
                array.compareAndSet(i, null, new DurationHistogram());
                h = array.get(i);
            }
            return h;
        }

        void addTo(List<Series> out) {
            for (int m = 0; m < METHODS.length; m++) {
                AtomicReferenceArray<DurationHistogram> statuses = byStatus.get(m);
                for (int status = 0; statuses != null && status <= MAX_STATUS; status++) {
                    DurationHistogram h = statuses.get(status);
                    if (h != null) {
                        // As the semantic conventions say for clients: a 4xx or 5xx is an error, typed by its code.
                        out.add(new Series(server, METHODS[m], status, status >= 400 ? Integer.toString(status) : null,
                                h));
                    }
                }
                String method = METHODS[m];
                Map<String, DurationHistogram> errors = byError.get(m);
                if (errors != null) {
                    errors.forEach((type, h) -> out.add(new Series(server, method, 0, type, h)));
                }
                DurationHistogram other = otherError.get(m);
                if (other != null) {
                    out.add(new Series(server, method, 0, OTHER, other));
                }
            }
        }
    }
}
