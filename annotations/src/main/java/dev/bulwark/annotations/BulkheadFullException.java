package dev.bulwark.annotations;

import java.time.Duration;

/** Thrown instead of running a call when its bulkhead has no free permit within the allowed wait. */
public final class BulkheadFullException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    private final int maxConcurrentCalls;

    public BulkheadFullException(String policyName, String target, int maxConcurrentCalls, Duration maxWait) {
        super(policyName, "Bulwark bulkhead '" + policyName + "' is full: call to " + target + " rejected; "
                + maxConcurrentCalls + " concurrent call" + (maxConcurrentCalls == 1 ? "" : "s") + " allowed"
                + (maxWait.isZero() ? ", no waiting" : ", none freed within " + Durations.format(maxWait)));
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }
}
