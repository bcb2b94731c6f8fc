package dev.bulwark.bootstrap.guard;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.annotations.TimeoutExceededException;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.RateLimiter;
import dev.bulwark.bootstrap.policy.Retry;
import dev.bulwark.bootstrap.policy.RetryBudget;
import dev.bulwark.bootstrap.policy.Timeout;
import dev.bulwark.bootstrap.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The composed policies of one target, in the order of DESIGN.md, outermost first: Fallback, Retry,
 * CircuitBreaker, RateLimiter, Timeout, Bulkhead. Advice calls {@link #enter()} before the body and
 * {@link #onAttemptEnd} after each attempt; when that asks for another attempt,
 * {@link #beginNextAttempt} waits and takes every permit again, because a repeated body does not
 * re-run the enter advice.
 *
 * <p>Only rejections leave these methods as exceptions. Any other fault inside Bulwark is logged
 * once and the call proceeds as if unguarded: the agent must never break its host.
 */
public final class Guard {
    /** Returned by {@link #beginNextAttempt} when no further attempt may start. */
    public static final Object STOP = new Object();

    /** The shortest slow-call threshold timed with the coarse clock: a hundred of its ticks. */
    static final long COARSE_MIN_THRESHOLD_NANOS = 100 * Clock.COARSE_TICK_NANOS;

    private final String target;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final RetryBudget budget;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final Timeout timeout;
    private final FallbackInvoker fallback;
    private final Clock clock;
    private final EventBus events;
    private final String invalidName;
    private final String invalid;

    Guard(String target, CircuitBreaker breaker, Retry retry, RetryBudget budget, Bulkhead bulkhead,
            RateLimiter rateLimiter, Timeout timeout, FallbackPlan fallback, Clock clock, EventBus events,
            String invalidName, String invalid) {
        this.target = target;
        this.breaker = breaker;
        this.retry = retry;
        this.budget = retry == null ? null : budget;
        this.bulkhead = bulkhead;
        this.rateLimiter = rateLimiter;
        this.timeout = timeout;
        this.fallback = fallback == null ? null : new FallbackInvoker(fallback, target);
        this.clock = clock;
        this.events = events;
        this.invalidName = invalidName;
        this.invalid = invalid;
    }

    /**
     * Takes the permits of the first attempt and arms its timer.
     *
     * @return the timer to give to {@link #stopTimer}, or null when there is no timeout
     */
    public Object enter() {
        if (invalid != null) {
            throw new InvalidPolicyException(invalidName, invalid);
        }
        Object timer = acquire(null);
        if (budget != null) {
            budget.onCallStart();
        }
        return timer;
    }

    /**
     * The clock's time where an attempt starts, or 0 when no policy of this guard measures time: a
     * clock read costs tens of nanoseconds on some machines, more than a bulkhead's whole work.
     */
    public long now() {
        return timed() ? clock.nanoTime() : 0L;
    }

    /**
     * As {@link #now()}, for a start that only goes back to {@link #onAttemptEnd} (annotated methods; not
     * JDBC, whose statement histogram needs exact durations): the coarse clock when that is all the
     * guard's policies need, see {@link #coarse()}.
     */
    public long attemptStart() {
        return coarse() ? clock.coarseNanoTime() : now();
    }

    /** Whether a policy needs the attempt's duration: the breaker (slow calls), an adaptive bulkhead, a retry's max duration. */
    private boolean timed() {
        return breaker != null || (bulkhead != null && bulkhead.adaptiveLimit() != null)
                || (retry != null && retry.rules().maxDurationNanos() > 0);
    }

    /**
     * Whether the coarse clock serves every policy that measures time: only the breaker does, and its
     * slow-call threshold is at least {@link #COARSE_MIN_THRESHOLD_NANOS}, so the coarse clock's error
     * (about one tick) is around a percent of it or less. Saves the two clock reads of a breaker's call.
     */
    private boolean coarse() {
        return breaker != null && breaker.rules().slowCallDurationThresholdNanos() >= COARSE_MIN_THRESHOLD_NANOS
                && (bulkhead == null || bulkhead.adaptiveLimit() == null)
                && (retry == null || retry.rules().maxDurationNanos() == 0);
    }

    /**
     * Disarms an attempt's timer. If the deadline passed first, the attempt's outcome is replaced by
     * a {@link TimeoutExceededException} (its own failure, if any, attached as suppressed).
     */
    public Throwable stopTimer(Object timer, Throwable thrown) {
        if (timer == null) {
            return thrown;
        }
        try {
            Timeout.Timer t = (Timeout.Timer) timer;
            if (!timeout.stop(t)) {
                return thrown;
            }
            TimeoutExceededException timedOut = new TimeoutExceededException(timeout.name(), target,
                    Duration.ofNanos(t.durationNanos()));
            if (thrown != null) {
                timedOut.addSuppressed(thrown);
            }
            if (events.hasSubscribers()) {
                events.publish(new BulwarkEvent.CallRejected(timeout.name(), PolicyKind.TIMEOUT, target,
                        timedOut.getMessage(), now(clock)));
            }
            return timedOut;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
            return thrown;
        }
    }

    /**
     * Ends attempt number {@code attempt} (from 1) that started at {@code start}: frees the bulkhead,
     * records the outcome in the breaker and asks the retry policy, within its budget, what comes next.
     *
     * @return nanos to wait before another attempt, or -1 when the outcome stands
     */
    public long onAttemptEnd(long start, Throwable thrown, int attempt, long firstStart) {
        return onAttemptEnd(start, thrown, attempt, firstStart, thrown, true);
    }

    /**
     * As {@link #onAttemptEnd(long, Throwable, int, long)}, for targets that judge failures
     * themselves (JDBC): the breaker records {@code forBreaker} instead of {@code thrown} (null: a
     * success), and no retry is made unless {@code mayRetry}.
     */
    public long onAttemptEnd(long start, Throwable thrown, int attempt, long firstStart, Throwable forBreaker,
            boolean mayRetry) {
        return onAttemptEnd(start, thrown, attempt, firstStart, forBreaker, mayRetry, 0);
    }

    /**
     * As {@link #onAttemptEnd(long, Throwable, int, long, Throwable, boolean)}, when the target named
     * a wait before the next attempt (HTTP {@code Retry-After}): see {@link Retry#nextWaitNanos(Throwable,
     * int, long, long)}.
     */
    public long onAttemptEnd(long start, Throwable thrown, int attempt, long firstStart, Throwable forBreaker,
            boolean mayRetry, long notBeforeNanos) {
        try {
            // Coarse or exact, the same clock underneath: a start from now() and an end from the
            // coarse clock differ from the true duration by at most the coarse clock's error.
            long now = coarse() ? clock.coarseNanoTime() : now();
            if (bulkhead != null) {
                bulkhead.release(now - start, thrown instanceof TimeoutExceededException);
            }
            if (breaker != null) {
                breaker.onResult(now - start, forBreaker);
            }
            if (retry == null) {
                return -1;
            }
            if (budget != null && attempt > 1) {
                budget.releaseRetry();
            }
            if (thrown == null) {
                retry.onSuccess(attempt);
                endCall();
                return -1;
            }
            long wait = mayRetry ? retry.nextWaitNanos(thrown, attempt, firstStart, notBeforeNanos) : -1;
            if (wait >= 0 && budget != null && !budget.tryAcquireRetry()) {
                if (events.hasSubscribers()) {
                    events.publish(new BulwarkEvent.CallRejected(retry.name(), PolicyKind.RETRY_BUDGET, target,
                            "retry budget of '" + retry.name() + "' exhausted: " + budget.retriesInFlight()
                                    + " retries in flight for " + budget.callsInFlight() + " calls", now(clock)));
                }
                wait = -1;
            }
            if (wait < 0) {
                if (attempt > 1 && events.hasSubscribers()) {
                    events.publish(new BulwarkEvent.RetriesExhausted(retry.name(), target, attempt,
                            thrown.getClass().getName(), now(clock)));
                }
                endCall();
                return -1;
            }
            if (events.hasSubscribers()) {
                events.publish(new BulwarkEvent.RetryScheduled(retry.name(), target, attempt, Duration.ofNanos(wait),
                        thrown, now(clock)));
            }
            return wait;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
            return -1;
        }
    }

    /**
     * Waits {@code wait} nanos, then takes the permits of the next attempt and arms its timer. A
     * rejection is thrown with the failure that caused the retry attached as suppressed.
     *
     * @return the next attempt's timer (null without a timeout), or {@link #STOP} if the wait was
     *     interrupted (the interrupt flag is set again and the previous failure stands)
     */
    public Object beginNextAttempt(long wait, Throwable previous) {
        try {
            if (wait > 0) {
                clock.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endRetry();
            return STOP;
        }
        try {
            return acquire(previous);
        } catch (BulwarkException rejection) {
            endRetry();
            throw rejection;
        }
    }

    /**
     * The first attempt of an asynchronous call: takes its permits, or returns the rejection (which
     * the caller then receives as a failed future) instead of throwing it.
     */
    public Throwable tryEnterAsync() {
        if (invalid != null) {
            return new InvalidPolicyException(invalidName, invalid);
        }
        try {
            acquire(null, false);
        } catch (BulwarkException rejection) {
            return rejection;
        }
        if (budget != null) {
            budget.onCallStart();
        }
        return null;
    }

    /**
     * After the body of an asynchronous call's first attempt ran: the future to give the caller in
     * place of what the body returned. {@code rejected} is the rejection of {@link #tryEnterAsync},
     * in which case the body did not run.
     *
     * @param method the guarded method's name, {@code descriptor} its JVM descriptor: a retry calls it again
     */
    public Object async(Class<?> declaring, Object self, Object[] arguments, String method, String descriptor,
            long start, Throwable rejected, Object returned, Throwable thrown) {
        AsyncCall call = new AsyncCall(this, declaring, self, arguments, rejected == null && retry != null
                ? asyncMethod(declaring, method, descriptor) : null);
        if (rejected != null) {
            call.finish(rejected);
        } else {
            call.begin(start, returned, thrown);
        }
        return call.result;
    }

    private volatile java.lang.reflect.Method asyncMethod;

    /** The guarded method itself, found once, so that a retry can invoke it again. */
    private java.lang.reflect.Method asyncMethod(Class<?> declaring, String name, String descriptor) {
        java.lang.reflect.Method m = asyncMethod;
        if (m == null) {
            for (java.lang.reflect.Method candidate : declaring.getDeclaredMethods()) {
                if (candidate.getName().equals(name) && Descriptors.of(candidate).equals(descriptor)) {
                    try {
                        candidate.setAccessible(true);
                    } catch (RuntimeException e) {
                        internalFault(e); // not open to Bulwark: a retry will fail with that reason
                    }
                    m = candidate;
                }
            }
            asyncMethod = m;
        }
        return m;
    }

    /** The next attempt of an asynchronous call: its permits, or the rejection that ends the call. */
    public Throwable acquireForAsyncRetry(Throwable previous) {
        try {
            acquire(previous, false);
            return null;
        } catch (BulwarkException rejection) {
            endRetry();
            return rejection;
        }
    }

    /** The timeout of an asynchronous attempt, or 0 for none. */
    public long asyncTimeoutNanos() {
        return timeout == null ? 0 : timeout.rules().durationNanos();
    }

    public void publishTimeout(TimeoutExceededException timedOut) {
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.CallRejected(timeout.name(), PolicyKind.TIMEOUT, target,
                    timedOut.getMessage(), now(clock)));
        }
    }

    public Clock clock() {
        return clock;
    }

    /**
     * True when this target has a fallback that takes {@code failure}. Never for an invalid rule:
     * a misconfiguration must fail loudly, not hide behind a fallback.
     */
    public boolean fallsBackOn(Throwable failure) {
        return fallback != null && failure != null && !(failure instanceof InvalidPolicyException)
                && fallback.appliesTo(failure);
    }

    /**
     * The fallback's result for a call that failed with {@code failure}. What the fallback throws
     * reaches the caller as it is; {@code failure} is attached to it as suppressed.
     */
    public Object fallback(Class<?> declaring, Object self, Object[] arguments, Throwable failure) throws Throwable {
        try {
            return fallback.invoke(declaring, self, arguments, failure);
        } catch (Throwable fromFallback) {
            if (fromFallback != failure) {
                fromFallback.addSuppressed(failure);
            }
            throw fromFallback;
        }
    }

    private void endRetry() {
        if (budget != null) {
            budget.releaseRetry();
        }
        endCall();
    }

    private void endCall() {
        if (budget != null) {
            budget.onCallEnd();
        }
    }

    /** Takes breaker and rate-limiter permits, arms the timer, then takes the bulkhead permit. */
    private Object acquire(Throwable previous) {
        return acquire(previous, true);
    }

    /** @param armTimer false for asynchronous calls, whose timeout is a scheduled completion instead */
    private Object acquire(Throwable previous, boolean armTimer) {
        try {
            if (breaker != null && !breaker.tryAcquirePermission()) {
                throw rejected(new CircuitBreakerOpenException(breaker.name(), target, breaker.state(),
                        Duration.ofNanos(breaker.remainingOpenNanos())), PolicyKind.CIRCUIT_BREAKER, previous);
            }
            if (rateLimiter != null && !rateLimiter.tryAcquire()) {
                if (breaker != null) {
                    breaker.releasePermission();
                }
                throw rejected(new RateLimitExceededException(rateLimiter.name(), target,
                        rateLimiter.rules().limitForPeriod(), Duration.ofNanos(rateLimiter.rules().limitRefreshPeriodNanos()),
                        Duration.ofNanos(rateLimiter.nanosUntilNextPermit())), PolicyKind.RATE_LIMITER, previous);
            }
            // Armed before the bulkhead: a wait for a permit counts against the timeout too.
            Timeout.Timer timer = timeout == null || !armTimer ? null : timeout.start();
            if (bulkhead != null && !bulkhead.tryAcquire()) {
                boolean timedOut = timer != null && timeout.stop(timer);
                if (breaker != null) {
                    breaker.releasePermission();
                }
                if (timedOut) {
                    throw rejected(new TimeoutExceededException(timeout.name(), target,
                            Duration.ofNanos(timer.durationNanos())), PolicyKind.TIMEOUT, previous);
                }
                throw rejected(new BulkheadFullException(bulkhead.name(), target, bulkhead.limit(),
                        Duration.ofNanos(bulkhead.rules().maxWaitDurationNanos())), PolicyKind.BULKHEAD, previous);
            }
            return timer;
        } catch (BulwarkException rejection) {
            throw rejection;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
            return null;
        }
    }

    private BulwarkException rejected(BulwarkException rejection, PolicyKind kind, Throwable previous) {
        if (previous != null) {
            rejection.addSuppressed(previous);
        }
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.CallRejected(rejection.policyName(), kind, target, rejection.getMessage(),
                    now(clock)));
        }
        return rejection;
    }

    private static Instant now(Clock clock) {
        return Instant.ofEpochMilli(clock.wallMillis());
    }

    private void internalFault(Throwable bug) {
        BulwarkLog.warnOnce("guard-fault:" + target, "internal fault while guarding " + target
                + "; the call goes on unguarded where needed. Please report this", bug);
    }

    public String target() {
        return target;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Retry retry() {
        return retry;
    }

    public RetryBudget retryBudget() {
        return budget;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public Timeout timeout() {
        return timeout;
    }

    /** Fallbacks taken by this target so far. */
    public long fallbacks() {
        return fallback == null ? 0 : fallback.fallbacks();
    }
}
