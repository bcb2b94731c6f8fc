package dev.bulwark.bootstrap.balance;

import dev.bulwark.bootstrap.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * The endpoints of one logical service and the choice among them. {@link #choose} picks the
 * endpoint of a request by the {@link Strategy}, skipping ejected ones; {@link #onEnd} feeds the
 * request's outcome back. Passive outlier ejection takes an endpoint out after
 * {@link OutlierRules#consecutiveFailures} failures in a row, for a time that grows with each
 * ejection, and never takes out more than {@link OutlierRules#maxEjectedPercent} of the endpoints
 * (nor all of them). An ejected endpoint returns once its time is over. Active health checks
 * ({@link HealthChecker}) take an endpoint out on their own, outside that share. No lock, and nothing
 * is allocated per request.
 */
public final class LoadBalancer {
    /** Told when an endpoint leaves or rejoins the service; runs on the thread that noticed, so it must be quick. */
    public interface Listener {
        void changed(LoadBalancer balancer, Endpoint endpoint, boolean inService, String reason);
    }

    private final String service;
    private final Strategy strategy;
    private final OutlierRules outliers;
    private final Clock clock;
    private final IntUnaryOperator random;
    private final Endpoint[] endpoints;
    /** Weighted round-robin: endpoint indexes of one round, each as often as its weight, interleaved. */
    private final int[] schedule;
    private final int maxEjected;
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger ejected = new AtomicInteger();
    private volatile Listener listener;

    /**
     * @param random {@code bound -> a number from 0 to bound - 1}; null for {@link ThreadLocalRandom}
     */
    public LoadBalancer(String service, Strategy strategy, List<Endpoint> endpoints, OutlierRules outliers,
            Clock clock, IntUnaryOperator random) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("service " + service + " has no endpoint");
        }
        this.service = service;
        this.strategy = strategy;
        this.outliers = outliers;
        this.clock = clock;
        this.random = random != null ? random : bound -> ThreadLocalRandom.current().nextInt(bound);
        this.endpoints = endpoints.toArray(new Endpoint[0]);
        this.schedule = strategy == Strategy.WEIGHTED_ROUND_ROBIN ? smoothSchedule(this.endpoints) : null;
        this.maxEjected = Math.min(this.endpoints.length - 1,
                this.endpoints.length * outliers.maxEjectedPercent() / 100);
    }

    /** Sets the one listener of this balancer's endpoint changes (null: none). */
    public void listen(Listener l) {
        listener = l;
    }

    public String service() {
        return service;
    }

    public Strategy strategy() {
        return strategy;
    }

    public List<Endpoint> endpoints() {
        return List.of(endpoints);
    }

    /**
     * The endpoint of the next request, counted in flight until {@link #onEnd}; another than
     * {@code avoid} (the one a retried attempt failed on, or null) whenever another is in service.
     *
     * @return null when no endpoint is in service
     */
    public Endpoint choose(Endpoint avoid) {
        long now = clock.nanoTime();
        int n = endpoints.length;
        int first = pick(n, now);
        for (int i = 0; i < n; i++) {
            Endpoint e = endpoints[(first + i) % n];
            if (e != avoid && inService(e, now)) {
                e.inFlight.incrementAndGet();
                return e;
            }
        }
        if (avoid != null && inService(avoid, now)) {
            avoid.inFlight.incrementAndGet();
            return avoid;
        }
        return null;
    }

    /**
     * Ends a request that {@link #choose} sent nowhere after all (a policy refused it first): no
     * outcome counts.
     */
    public void release(Endpoint e) {
        e.inFlight.decrementAndGet();
    }

    /** The error for a request that found no endpoint in service; it says why each one is out. */
    public NoHealthyEndpointException noHealthyEndpoint() {
        long now = clock.nanoTime();
        StringBuilder states = new StringBuilder();
        for (Endpoint e : endpoints) {
            states.append(states.length() == 0 ? "" : ", ").append(e.key()).append(' ');
            String why = outOfService(e, now);
            states.append(why == null ? "in service" : why);
        }
        return new NoHealthyEndpointException(service, endpoints.length, states.toString());
    }

    /** Why {@code e} takes no requests now ("ejected, back in 2.5s", "failing its health check: HTTP 503"), or null. */
    public String outOfService(Endpoint e) {
        return outOfService(e, clock.nanoTime());
    }

    private String outOfService(Endpoint e, long now) {
        String check = e.failingHealthCheck;
        if (check != null) {
            return "failing its health check: " + check;
        }
        if (inService(e, now)) {
            return null;
        }
        long left = e.ejectedUntil.get() - now;
        return "ejected after " + outliers.consecutiveFailures() + " failures in a row, back in "
                + seconds(Math.max(0, left));
    }

    /**
     * Active health checks' verdict on {@code e}: {@code failure} is why it is unhealthy, null when it
     * is healthy again. Tells the listener when that changes whether it takes requests.
     */
    public void healthChecked(Endpoint e, String failure) {
        long now = clock.nanoTime();
        String before = e.failingHealthCheck;
        if ((before == null) == (failure == null)) {
            if (failure != null) {
                e.failingHealthCheck = failure; // still out; the latest reason
            }
            return;
        }
        boolean wasIn = before == null && inService(e, now);
        e.failingHealthCheck = failure;
        if (failure != null) {
            if (wasIn) {
                notify(e, false, "failing its health check: " + failure);
            }
        } else if (e.ejectedUntil.get() == 0) {
            notify(e, true, "its health checks pass again");
        } // else still ejected: it rejoins, and says so, when that ends
    }

    /**
     * Ends a request that {@link #choose} sent to {@code e}: a failure counts towards its ejection,
     * a success clears its failures in a row.
     */
    public void onEnd(Endpoint e, boolean failed) {
        e.inFlight.decrementAndGet();
        e.requests.increment();
        if (!failed) {
            if (e.consecutiveFailures.get() != 0) {
                e.consecutiveFailures.set(0);
            }
            return;
        }
        e.failures.increment();
        if (e.consecutiveFailures.incrementAndGet() >= outliers.consecutiveFailures()) {
            eject(e, clock.nanoTime());
        }
    }

    /** Whether {@code e} takes requests now; an ejection that is over ends here. */
    public boolean inService(Endpoint e) {
        return inService(e, clock.nanoTime());
    }

    /** Endpoints ejected now. */
    public int ejectedCount() {
        readmitExpired(clock.nanoTime());
        return ejected.get();
    }

    private int pick(int n, long now) {
        switch (strategy) {
            case RANDOM:
                return random.applyAsInt(n);
            case LEAST_CONNECTIONS: {
                if (n == 1) {
                    return 0;
                }
                int a = random.applyAsInt(n);
                int b = random.applyAsInt(n - 1);
                if (b >= a) {
                    b++; // two distinct endpoints
                }
                boolean aIn = inService(endpoints[a], now);
                boolean bIn = inService(endpoints[b], now);
                if (aIn != bIn) {
                    return aIn ? a : b;
                }
                return endpoints[b].inFlight.get() < endpoints[a].inFlight.get() ? b : a;
            }
            case WEIGHTED_ROUND_ROBIN:
                return schedule[(int) Math.floorMod(next.getAndIncrement(), (long) schedule.length)];
            default:
                return (int) Math.floorMod(next.getAndIncrement(), (long) n);
        }
    }

    private boolean inService(Endpoint e, long now) {
        if (e.failingHealthCheck != null) {
            return false;
        }
        long until = e.ejectedUntil.get();
        if (until == 0) {
            return true;
        }
        if (now - until < 0) {
            return false;
        }
        if (e.ejectedUntil.compareAndSet(until, 0)) {
            e.consecutiveFailures.set(0);
            ejected.decrementAndGet();
            notify(e, true, "its ejection time is over");
        }
        return true;
    }

    private void readmitExpired(long now) {
        for (Endpoint e : endpoints) {
            inService(e, now);
        }
    }

    private void eject(Endpoint e, long now) {
        if (!inService(e, now)) {
            return; // already out: a request sent before its ejection ended late
        }
        readmitExpired(now);
        int out;
        do {
            out = ejected.get();
            if (out >= maxEjected) {
                return; // the service keeps its share of endpoints; this one stays in
            }
        } while (!ejected.compareAndSet(out, out + 1));
        int times = e.ejections.incrementAndGet();
        long duration = outliers.baseEjectionNanos() * times;
        if (duration / times != outliers.baseEjectionNanos() || duration > outliers.maxEjectionNanos()) {
            duration = outliers.maxEjectionNanos();
        }
        long until = now + duration;
        if (!e.ejectedUntil.compareAndSet(0, until == 0 ? 1 : until)) {
            ejected.decrementAndGet(); // another thread ejected it meanwhile
            e.ejections.decrementAndGet();
            return;
        }
        notify(e, false, "ejected after " + outliers.consecutiveFailures() + " failures in a row, for "
                + seconds(duration));
    }

    private void notify(Endpoint e, boolean inService, String reason) {
        Listener l = listener;
        if (l == null) {
            return;
        }
        try {
            l.changed(this, e, inService, reason);
        } catch (RuntimeException | LinkageError ignored) {
            // a listener's fault must not fail the request that noticed the change
        }
    }

    /** {@code 2.5s}: how long, as a person reads it. */
    static String seconds(long nanos) {
        long tenths = (nanos + 50_000_000L) / 100_000_000L;
        return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
    }

    /**
     * Smooth weighted round-robin (as nginx does it) computed once: weights 5, 1, 1 give
     * a a b a c a a rather than a a a a a b c.
     */
    static int[] smoothSchedule(Endpoint[] endpoints) {
        int total = 0;
        for (Endpoint e : endpoints) {
            total += e.weight();
        }
        int[] order = new int[total];
        int[] current = new int[endpoints.length];
        for (int slot = 0; slot < total; slot++) {
            int best = 0;
            for (int i = 0; i < endpoints.length; i++) {
                current[i] += endpoints[i].weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[slot] = best;
        }
        return order;
    }
}
