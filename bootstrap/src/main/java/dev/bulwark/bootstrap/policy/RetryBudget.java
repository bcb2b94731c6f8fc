package dev.bulwark.bootstrap.policy;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds retries in flight relative to calls in flight, as Envoy's retry budget does: when a
 * dependency fails, retries cannot multiply the load on it beyond the budget. Two counters and a
 * CAS against the bound computed from the calls in flight: no lock, no allocation.
 */
public final class RetryBudget {
    private final String name;
    // Volatile: a configuration reload swaps it while calls run.
    private volatile RetryBudgetRules rules;
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final AtomicInteger retriesInFlight = new AtomicInteger();
    private final LongAdder retriesPermitted = new LongAdder();
    private final LongAdder exhausted = new LongAdder();

    public RetryBudget(String name, RetryBudgetRules rules) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public String name() {
        return name;
    }

    public RetryBudgetRules rules() {
        return rules;
    }

    /** Applies new rules; retries already in flight stay, a lower bound admits none until enough end. */
    public synchronized void reconfigure(RetryBudgetRules next) {
        rules = Objects.requireNonNull(next, "rules");
    }

    /** A guarded call (its first attempt) begins. */
    public void onCallStart() {
        callsInFlight.incrementAndGet();
    }

    /** The call is over, whatever happened. */
    public void onCallEnd() {
        decrementToZero(callsInFlight);
    }

    /**
     * A failed call wants to retry: true if retries in flight are below
     * max(minRetryConcurrency, floor(budgetPercent% of calls in flight)); the retry then counts as in
     * flight until {@link #releaseRetry()}. False counts in {@link #exhaustedCount()}.
     */
    public boolean tryAcquireRetry() {
        for (;;) {
            int retries = retriesInFlight.get();
            // Re-read each round: the bound moves with the calls in flight and with a reload.
            if (retries >= bound()) {
                exhausted.increment();
                return false;
            }
            if (retriesInFlight.compareAndSet(retries, retries + 1)) {
                retriesPermitted.increment();
                return true;
            }
        }
    }

    /** A retry granted by {@link #tryAcquireRetry()} is over. */
    public void releaseRetry() {
        decrementToZero(retriesInFlight);
    }

    /** Retries that may be in flight with the calls in flight now. */
    private int bound() {
        RetryBudgetRules r = rules;
        int byBudget = (int) Math.floor(callsInFlight.get() * r.budgetPercent() / 100);
        return Math.max(r.minRetryConcurrency(), byBudget);
    }

    /** An end without a start must not drive a counter below zero and so widen the budget later. */
    private static void decrementToZero(AtomicInteger counter) {
        for (;;) {
            int n = counter.get();
            if (n <= 0 || counter.compareAndSet(n, n - 1)) {
                return;
            }
        }
    }

    public int callsInFlight() {
        return callsInFlight.get();
    }

    public int retriesInFlight() {
        return retriesInFlight.get();
    }

    /** Retries refused because the budget was spent. */
    public long exhaustedCount() {
        return exhausted.sum();
    }

    public long retriesPermitted() {
        return retriesPermitted.sum();
    }

    @Override
    public String toString() {
        return "RetryBudget[" + name + ", " + retriesInFlight() + " retries for " + callsInFlight() + " calls]";
    }
}
