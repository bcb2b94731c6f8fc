package dev.bulwark.bootstrap.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server of a logical service, {@code host:port}, with what its balancer counts about it:
 * requests in flight, failures in a row, and whether (and until when) it is ejected.
 */
public final class Endpoint {
    private final String host;
    private final int port;
    private final int weight;
    private final String key;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    final AtomicInteger ejections = new AtomicInteger();
    /** 0 while in service, else the nano time at which the ejection ends. */
    final AtomicLong ejectedUntil = new AtomicLong();
    // Counted for telemetry: read at export time, never on the request path.
    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    /** Set while active health checks find this endpoint unhealthy; the reason, else null. */
    volatile String failingHealthCheck;

    public Endpoint(String host, int port, int weight) {
        if (host == null || host.isEmpty() || port < 1 || port > 65535 || weight < 1) {
            throw new IllegalArgumentException("not an endpoint: " + host + ":" + port + "=" + weight);
        }
        this.host = host;
        this.port = port;
        this.weight = weight;
        this.key = host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    /** {@code host:port}. */
    public String key() {
        return key;
    }

    /** Requests sent to this endpoint that have not ended yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests (attempts) that ended on this endpoint, since start. */
    public long requests() {
        return requests.sum();
    }

    /** Of {@link #requests()}, those that failed. */
    public long failures() {
        return failures.sum();
    }

    /** How many times passive outlier ejection took this endpoint out. */
    public int ejections() {
        return ejections.get();
    }

    /** Why active health checks took this endpoint out, or null while they find it healthy (or none run). */
    public String failingHealthCheck() {
        return failingHealthCheck;
    }

    @Override
    public String toString() {
        return key;
    }
}
