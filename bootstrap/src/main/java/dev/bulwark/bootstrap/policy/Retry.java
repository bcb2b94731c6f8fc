package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Decides whether and when a failed call runs again. A pure decision plus counters: the caller
 * sleeps (with the clock) and re-runs the call, passing the breaker and bulkhead again.
 */
public final class Retry {
    private static final String BULWARK_EXCEPTION = "dev.bulwark.annotations.BulwarkException";
    /** Far beyond any real wait, and small enough that adding it to a clock reading cannot overflow. */
    private static final String TIMEOUT_EXCEPTION = "dev.bulwark.annotations.TimeoutExceededException";
    private static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 4;

    private final String name;
    // Volatile: a configuration reload swaps them while calls run.
    private volatile RetryRules rules;
    private final Clock clock;
    private final DoubleSupplier random;
    private volatile ExceptionMatcher retryOn;
    private volatile ExceptionMatcher abortOn;

    private final LongAdder successfulCallsWithoutRetry = new LongAdder();
    private final LongAdder successfulCallsWithRetry = new LongAdder();
    private final LongAdder failedCallsWithoutRetry = new LongAdder();
    private final LongAdder failedCallsWithRetry = new LongAdder();
    private final LongAdder retryAttempts = new LongAdder();

    /** {@code random} yields uniform values in [0, 1) and drives the jitter. */
    public Retry(String name, RetryRules rules, Clock clock, DoubleSupplier random) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.retryOn = new ExceptionMatcher(rules.retryOn());
        this.abortOn = new ExceptionMatcher(rules.abortOn());
    }

    public Retry(String name, RetryRules rules, Clock clock) {
        this(name, rules, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    public String name() {
        return name;
    }

    public RetryRules rules() {
        return rules;
    }

    /** Applies new rules; a call between attempts uses them from its next decision on. */
    public synchronized void reconfigure(RetryRules next) {
        Objects.requireNonNull(next, "rules");
        this.retryOn = new ExceptionMatcher(next.retryOn());
        this.abortOn = new ExceptionMatcher(next.abortOn());
        this.rules = next;
    }

    /**
     * After attempt {@code attempt} (from 1) failed with {@code thrown}: the nanos to wait before the
     * next attempt, or -1 to rethrow (attempts used up, not retryable, or the wait would end past
     * {@code firstStartNanos + maxDuration}).
     */
    public long nextWaitNanos(Throwable thrown, int attempt, long firstStartNanos) {
        return nextWaitNanos(thrown, attempt, firstStartNanos, 0);
    }

    /**
     * As {@link #nextWaitNanos(Throwable, int, long)}, when the failed call named a time before which
     * it must not run again (HTTP {@code Retry-After}): the wait is at least {@code notBeforeNanos};
     * a time beyond the rules' max wait ends the retries, the server asked for more than they allow.
     */
    public long nextWaitNanos(Throwable thrown, int attempt, long firstStartNanos, long notBeforeNanos) {
        return nextWaitNanos(thrown, attempt, firstStartNanos, notBeforeNanos, 0);
    }

    /**
     * As {@link #nextWaitNanos(Throwable, int, long, long)}, for a call that must end within
     * {@code deadlineNanos} of its first start (a timeout's deadline; 0 for none): no retry is made
     * whose wait would leave it no time to run.
     */
    public long nextWaitNanos(Throwable thrown, int attempt, long firstStartNanos, long notBeforeNanos,
            long deadlineNanos) {
        long wait = decideWaitNanos(thrown, attempt, firstStartNanos, notBeforeNanos, deadlineNanos);
        if (wait >= 0) {
            onRetry();
        } else {
            onFailure(attempt);
        }
        return wait;
    }

    /**
     * As {@link #nextWaitNanos(Throwable, int, long, long, long)}, but counts nothing: for a caller
     * that may still refuse the retry (a retry budget), and then reports what happened through
     * {@link #onRetry()} or {@link #onFailure(int)}.
     */
    public long decideWaitNanos(Throwable thrown, int attempt, long firstStartNanos, long notBeforeNanos,
            long deadlineNanos) {
        long maxWait = rules.maxWaitDurationNanos();
        boolean allowedWait = notBeforeNanos <= 0 || maxWait == 0 || notBeforeNanos <= maxWait;
        if (attempt < rules.maxAttempts() && allowedWait && isRetryable(thrown)) {
            long wait = Math.max(waitNanos(attempt), Math.min(notBeforeNanos, MAX_WAIT_NANOS));
            long startsAt = (clock.nanoTime() - firstStartNanos) + wait;
            if ((rules.maxDurationNanos() == 0 || startsAt <= rules.maxDurationNanos())
                    && (deadlineNanos == 0 || startsAt < deadlineNanos)) {
                return wait;
            }
        }
        return -1;
    }

    /** A retry was granted: one more attempt will be made (or refused by a policy as it starts). */
    public void onRetry() {
        retryAttempts.increment();
    }

    /** The call failed for good after attempt {@code attempt} (from 1). */
    public void onFailure(int attempt) {
        (attempt > 1 ? failedCallsWithRetry : failedCallsWithoutRetry).increment();
    }

    /** The call succeeded on attempt {@code attempt} (from 1). */
    public void onSuccess(int attempt) {
        (attempt > 1 ? successfulCallsWithRetry : successfulCallsWithoutRetry).increment();
    }

    /** abortOn wins; an empty retryOn means any Exception, never an Error nor Bulwark's own refusals. */
    boolean isRetryable(Throwable thrown) {
        if (thrown == null || abortOn.matches(thrown)) {
            return false;
        }
        // A timeout is the attempt's own failure, not a refusal: it is retried like any other exception.
        if (ExceptionMatcher.isA(thrown, BULWARK_EXCEPTION) && !ExceptionMatcher.isA(thrown, TIMEOUT_EXCEPTION)) {
            // Retrying an open breaker or a full bulkhead only adds load, unless the user asked for it by
            // name: retryOn = RuntimeException does not count, BulkheadFullException does.
            return retryOn.matchesUpTo(thrown, BULWARK_EXCEPTION);
        }
        return retryOn.isEmpty() ? thrown instanceof Exception : retryOn.matches(thrown);
    }

    /** The wait after attempt {@code attempt} failed: exponential, capped, jittered, capped again. */
    long waitNanos(int attempt) {
        long base = rules.waitDurationNanos();
        if (base == 0) {
            return 0; // and no 0 * infinity below
        }
        double wait = base * Math.pow(rules.backoffMultiplier(), Math.max(0, attempt - 1));
        long cap = rules.maxWaitDurationNanos() > 0 ? rules.maxWaitDurationNanos() : MAX_WAIT_NANOS;
        wait = Math.min(wait, cap);
        double jitter = rules.jitterFactor();
        if (jitter > 0) {
            wait = wait * (1 - jitter + 2 * jitter * random.getAsDouble());
        }
        wait = Math.min(wait, cap);
        if (!(wait > 0)) {
            return 0;
        }
        return Math.min(Math.round(wait), cap);
    }

    public long successfulCallsWithoutRetry() {
        return successfulCallsWithoutRetry.sum();
    }

    public long successfulCallsWithRetry() {
        return successfulCallsWithRetry.sum();
    }

    public long failedCallsWithoutRetry() {
        return failedCallsWithoutRetry.sum();
    }

    public long failedCallsWithRetry() {
        return failedCallsWithRetry.sum();
    }

    /** Times a retry was granted. */
    public long retryAttempts() {
        return retryAttempts.sum();
    }

    @Override
    public String toString() {
        return "Retry[" + name + ", " + rules.maxAttempts() + " attempts]";
    }
}
