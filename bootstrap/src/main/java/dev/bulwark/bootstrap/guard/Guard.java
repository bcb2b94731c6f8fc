package dev.bulwark.bootstrap.guard;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.BulwarkException;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.Retry;
import dev.bulwark.bootstrap.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The composed policies of one target, in the order of DESIGN.md: Retry outside CircuitBreaker
 * outside Bulkhead. Advice calls {@link #enter()} before the body and {@link #onAttemptEnd} after
 * each attempt; when that asks for another attempt, {@link #beginNextAttempt} waits and takes the
 * breaker and bulkhead permits again, because a repeated body does not re-run the enter advice.
 *
 * <p>Only rejections leave these methods as exceptions. Any other fault inside Bulwark is logged
 * once and the call proceeds as if unguarded: the agent must never break its host.
 */
public final class Guard {
    /** Returned by {@link #beginNextAttempt} when no further attempt may start. */
    public static final long STOP = Long.MIN_VALUE;

    private final String target;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final Clock clock;
    private final EventBus events;
    private final String invalidName;
    private final String invalid;

    Guard(String target, CircuitBreaker breaker, Retry retry, Bulkhead bulkhead, Clock clock, EventBus events,
            String invalidName, String invalid) {
        this.target = target;
        this.breaker = breaker;
        this.retry = retry;
        this.bulkhead = bulkhead;
        this.clock = clock;
        this.events = events;
        this.invalidName = invalidName;
        this.invalid = invalid;
    }

    /** Takes the permits for the first attempt; returns its start time. */
    public long enter() {
        if (invalid != null) {
            throw new InvalidPolicyException(invalidName, invalid);
        }
        acquire(null);
        return clock.nanoTime();
    }

    /**
     * Ends attempt number {@code attempt} (from 1) that started at {@code start}: frees the bulkhead,
     * records the outcome in the breaker and asks the retry policy what comes next.
     *
     * @return nanos to wait before another attempt, or -1 when the outcome stands
     */
    public long onAttemptEnd(long start, Throwable thrown, int attempt, long firstStart) {
        try {
            long now = clock.nanoTime();
            if (bulkhead != null) {
                bulkhead.release();
            }
            if (breaker != null) {
                breaker.onResult(now - start, thrown);
            }
            if (retry == null) {
                return -1;
            }
            if (thrown == null) {
                retry.onSuccess(attempt);
                return -1;
            }
            long wait = retry.nextWaitNanos(thrown, attempt, firstStart);
            if (wait >= 0 && events.hasSubscribers()) {
                events.publish(new BulwarkEvent.RetryScheduled(retry.name(), target, attempt, Duration.ofNanos(wait),
                        thrown, now()));
            }
            return wait;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
            return -1;
        }
    }

    /**
     * Waits {@code wait} nanos, then takes the permits of the next attempt. A rejection is thrown
     * with the failure that caused the retry attached as suppressed.
     *
     * @return the next attempt's start time, or {@link #STOP} if the wait was interrupted (the
     *     interrupt flag is set again and the previous failure stands)
     */
    public long beginNextAttempt(long wait, Throwable previous) {
        try {
            if (wait > 0) {
                clock.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return STOP;
        }
        acquire(previous);
        return clock.nanoTime();
    }

    private void acquire(Throwable previous) {
        try {
            if (breaker != null && !breaker.tryAcquirePermission()) {
                throw rejected(new CircuitBreakerOpenException(breaker.name(), target, breaker.state(),
                        Duration.ofNanos(breaker.remainingOpenNanos())), PolicyKind.CIRCUIT_BREAKER, previous);
            }
            if (bulkhead != null && !bulkhead.tryAcquire()) {
                if (breaker != null) {
                    breaker.releasePermission();
                }
                throw rejected(new BulkheadFullException(bulkhead.name(), target, bulkhead.rules().maxConcurrentCalls(),
                        Duration.ofNanos(bulkhead.rules().maxWaitDurationNanos())), PolicyKind.BULKHEAD, previous);
            }
        } catch (BulwarkException rejection) {
            throw rejection;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
        }
    }

    private BulwarkException rejected(BulwarkException rejection, PolicyKind kind, Throwable previous) {
        if (previous != null) {
            rejection.addSuppressed(previous);
        }
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.CallRejected(rejection.policyName(), kind, target, rejection.getMessage(),
                    now()));
        }
        return rejection;
    }

    private Instant now() {
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

    public Bulkhead bulkhead() {
        return bulkhead;
    }
}
