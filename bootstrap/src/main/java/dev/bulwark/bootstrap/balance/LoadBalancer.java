package dev.bulwark.bootstrap.balance;

import dev.bulwark.bootstrap.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * The endpoints of one logical service and the choice among them. {@link #choose} picks the
 * endpoint of a request by the {@link Strategy} among those in service; {@link #onEnd} feeds the
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

    /** As {@link #choose(Endpoint, long)} with no other endpoint tried before {@code avoid}. */
    public Endpoint choose(Endpoint avoid) {
        return choose(avoid, 0L);
    }

    /**
     * The endpoint of the next attempt, counted in flight until {@link #onEnd}. The strategy chooses
     * among the endpoints in service, so an endpoint that is out leaves its share to all the others
     * alike. A retry passes the endpoint its attempt failed on as {@code last} and the endpoints its
     * call tried before as {@code tried} ({@link #tried}): it goes to one not tried yet when one is in
     * service, else to another than {@code last}, else back to {@code last}.
     *
     * @param last the endpoint the previous attempt of this call went to, or null for a first attempt
     * @param tried the endpoints this call tried, as {@link #tried} accumulates them; 0 for none
     * @return null when no endpoint is in service
     */
    public Endpoint choose(Endpoint last, long tried) {
        long now = clock.nanoTime();
        long skip = tried | bit(last);
        int i = pick(now, skip, last);
        if (i < 0 && (last != null || skip != 0)) {
            i = pick(now, 0L, last); // every endpoint in service was tried: any but the last one
        }
        Endpoint e;
        if (i >= 0) {
            e = endpoints[i];
        } else if (last != null && inService(last, now)) {
            e = last;
        } else {
            return null;
        }
        e.inFlight.incrementAndGet();
        return e;
    }

    /**
     * {@code tried} with {@code e} added: the endpoints a call tried, one bit per endpoint, for
     * {@link #choose(Endpoint, long)}. A plain {@code long} the caller keeps, so a retry allocates
     * nothing; endpoints after the 64th are not remembered (only the last one is avoided).
     */
    public long tried(long tried, Endpoint e) {
        return tried | bit(e);
    }

    private long bit(Endpoint e) {
        if (e == null) {
            return 0L;
        }
        int n = Math.min(endpoints.length, 64);
        for (int i = 0; i < n; i++) {
            if (endpoints[i] == e) {
                return 1L << i;
            }
        }
        return 0L;
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

    /**
     * The index of the endpoint the strategy picks among those in service, leaving out the bits of
     * {@code skip} and {@code except}; -1 when there is none.
     */
    private int pick(long now, long skip, Endpoint except) {
        switch (strategy) {
            case RANDOM: {
                int m = countEligible(now, skip, except);
                if (m == 0) {
                    return -1;
                }
                return orFirst(nthEligible(random.applyAsInt(m), now, skip, except), now, skip, except);
            }
            case LEAST_CONNECTIONS: {
                int m = countEligible(now, skip, except);
                if (m <= 1) {
                    return m == 0 ? -1 : nthEligible(0, now, skip, except);
                }
                int a = random.applyAsInt(m);
                int b = random.applyAsInt(m - 1);
                if (b >= a) {
                    b++; // two distinct endpoints
                }
                int ia = nthEligible(a, now, skip, except);
                int ib = nthEligible(b, now, skip, except);
                if (ia < 0 || ib < 0) {
                    return orFirst(ia >= 0 ? ia : ib, now, skip, except); // one went out since they were counted
                }
                return endpoints[ib].inFlight.get() < endpoints[ia].inFlight.get() ? ib : ia;
            }
            case WEIGHTED_ROUND_ROBIN:
                return inTurn(schedule, schedule.length, now, skip, except);
            default:
                return inTurn(null, endpoints.length, now, skip, except);
        }
    }

    /**
     * Round-robin over {@code schedule} (null: each endpoint once per round). When the turn's endpoint
     * is out, the next one in service takes the turn and the turns in between are used up, so the
     * endpoints in service share an out endpoint's turns alike rather than its successor taking them all.
     */
    private int inTurn(int[] schedule, int length, long now, long skip, Endpoint except) {
        int i = slot(schedule, next.getAndIncrement(), length);
        if (eligible(i, now, skip, except)) {
            return i;
        }
        retry:
        while (true) {
            long turn = next.get();
            for (int step = 0; step < length; step++) {
                int j = slot(schedule, turn + step, length);
                if (eligible(j, now, skip, except)) {
                    if (next.compareAndSet(turn, turn + step + 1)) {
                        return j;
                    }
                    continue retry; // another request moved the turn meanwhile
                }
            }
            return -1;
        }
    }

    private static int slot(int[] schedule, long turn, int length) {
        int s = (int) Math.floorMod(turn, (long) length);
        return schedule == null ? s : schedule[s];
    }

    private boolean eligible(int i, long now, long skip, Endpoint except) {
        Endpoint e = endpoints[i];
        if (e == except || (i < 64 && (skip & (1L << i)) != 0)) {
            return false;
        }
        return inService(e, now);
    }

    private int countEligible(long now, long skip, Endpoint except) {
        int m = 0;
        for (int i = 0; i < endpoints.length; i++) {
            if (eligible(i, now, skip, except)) {
                m++;
            }
        }
        return m;
    }

    /** {@code i}, or when an endpoint went out since they were counted (-1) the first eligible one. */
    private int orFirst(int i, long now, long skip, Endpoint except) {
        return i >= 0 ? i : nthEligible(0, now, skip, except);
    }

    /** The index of the {@code r}-th (from 0) eligible endpoint, or -1 when fewer are eligible now. */
    private int nthEligible(int r, long now, long skip, Endpoint except) {
        for (int i = 0; i < endpoints.length; i++) {
            if (eligible(i, now, skip, except) && r-- == 0) {
                return i;
            }
        }
        return -1;
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
