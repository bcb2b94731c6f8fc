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

    /** No deadline is known for the attempt about to start: a first attempt, or a call without one. */
    private static final long NO_DEADLINE = Long.MIN_VALUE;

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
    /**
     * Where a synchronous call's deadline ends, handed from {@link #onAttemptEnd} to the
     * {@link #beginNextAttempt} the advice calls right after it on the same thread: the advice keeps
     * no more than the first start, and the guard keeps nothing per call.
     */
    private final ThreadLocal<long[]> nextDeadline;

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
        this.nextDeadline = timeout == null ? null : ThreadLocal.withInitial(() -> new long[] {NO_DEADLINE});
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
        Object timer = acquire(null, true, NO_DEADLINE, Waiting.PARKED, false);
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

    /**
     * Whether a policy needs the attempt's duration: the breaker (slow calls), an adaptive bulkhead, a
     * retry's max duration, a timeout's deadline.
     */
    private boolean timed() {
        return breaker != null || (bulkhead != null && bulkhead.adaptiveLimit() != null)
                || (retry != null && retry.rules().maxDurationNanos() > 0) || deadlineNanos() > 0;
    }

    /** The timeout's deadline for a whole call, or 0 for none. */
    private long deadlineNanos() {
        return timeout == null ? 0 : timeout.rules().deadlineNanos();
    }

    /**
     * Whether the coarse clock serves every policy that measures time: only the breaker does, and its
     * slow-call threshold is at least {@link #COARSE_MIN_THRESHOLD_NANOS}, so the coarse clock's error
     * (about one tick) is around a percent of it or less. Saves the two clock reads of a breaker's call.
     */
    private boolean coarse() {
        return breaker != null && breaker.rules().slowCallDurationThresholdNanos() >= COARSE_MIN_THRESHOLD_NANOS
                && (bulkhead == null || bulkhead.adaptiveLimit() == null)
                && (retry == null || retry.rules().maxDurationNanos() == 0) && deadlineNanos() == 0;
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
            long deadline = deadlineNanos();
            // Decided first and counted after the budget's say, so a refused retry is no attempt.
            long wait = mayRetry ? retry.decideWaitNanos(thrown, attempt, firstStart, notBeforeNanos, deadline) : -1;
            if (wait >= 0 && budget != null && !budget.tryAcquireRetry()) {
                if (events.hasSubscribers()) {
                    events.publish(new BulwarkEvent.CallRejected(retry.name(), PolicyKind.RETRY_BUDGET, target,
                            "retry budget of '" + retry.name() + "' exhausted: " + budget.retriesInFlight()
                                    + " retries in flight for " + budget.callsInFlight() + " calls", now(clock)));
                }
                wait = -1;
            }
            if (wait < 0) {
                retry.onFailure(attempt);
                if (attempt > 1 && events.hasSubscribers()) {
                    events.publish(new BulwarkEvent.RetriesExhausted(retry.name(), target, attempt,
                            thrown.getClass().getName(), now(clock)));
                }
                endCall();
                return -1;
            }
            retry.onRetry();
            if (events.hasSubscribers()) {
                events.publish(new BulwarkEvent.RetryScheduled(retry.name(), target, attempt, Duration.ofNanos(wait),
                        thrown, now(clock)));
            }
            if (deadline > 0) {
                nextDeadline.get()[0] = firstStart + deadline;
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
        long deadlineAt = takeNextDeadline();
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
            return acquire(previous, true, deadlineAt, Waiting.PARKED, false);
        } catch (BulwarkException rejection) {
            endRetry();
            throw rejection;
        }
    }

    /** The deadline {@link #onAttemptEnd} left for this thread's next attempt, once. */
    private long takeNextDeadline() {
        if (nextDeadline == null || deadlineNanos() == 0) {
            return NO_DEADLINE; // and no thread-local entry for guards without a deadline
        }
        long[] holder = nextDeadline.get();
        long deadlineAt = holder[0];
        holder[0] = NO_DEADLINE;
        return deadlineAt;
    }

    /**
     * The first attempt of an asynchronous call: takes its permits, or returns the rejection (which
     * the caller then receives as a failed future) instead of throwing it. Never waits, so it never
     * blocks the caller: a permit that is not free now is a rejection now, whatever wait the rules
     * allow. {@link #enterAsync()} waits on Bulwark's timer instead.
     */
    public Throwable tryEnterAsync() {
        if (invalid != null) {
            return new InvalidPolicyException(invalidName, invalid);
        }
        try {
            acquire(null, false, NO_DEADLINE, Waiting.NONE, false);
        } catch (BulwarkException rejection) {
            return rejection;
        }
        asyncCallStarted();
        return null;
    }

    /**
     * The first attempt of a method returning a {@code CompletionStage}: null when its permits are
     * taken (the body runs now), a rejection, or, when a permit is not free and the rules allow a wait
     * for it, a wait that {@link #async} finishes on Bulwark's timer, running the method once the
     * permits are taken. Either way the caller's thread never blocks; any non-null result skips the body.
     */
    public Throwable enterAsync() {
        if (invalid != null) {
            return new InvalidPolicyException(invalidName, invalid);
        }
        Object taken;
        try {
            taken = acquire(null, false, NO_DEADLINE, Waiting.ON_TIMER, false);
        } catch (BulwarkException rejection) {
            return rejection;
        }
        if (taken instanceof PermitWait wait) {
            return wait; // the call starts, for the budget, once its permits are taken
        }
        asyncCallStarted();
        return null;
    }

    void asyncCallStarted() {
        if (budget != null) {
            budget.onCallStart();
        }
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
        AsyncCall call = new AsyncCall(this, declaring, self, arguments,
                (rejected == null && retry != null) || rejected instanceof PermitWait
                        ? asyncMethod(declaring, method, descriptor) : null);
        if (rejected instanceof PermitWait wait) {
            call.beginAfter(wait);
        } else if (rejected != null) {
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

    /**
     * The next attempt of an asynchronous call: its permits, or the rejection that ends the call. Does
     * not know the call's deadline: see {@link #acquireForAsyncRetry(Throwable, long)}.
     */
    public Throwable acquireForAsyncRetry(Throwable previous) {
        return acquireAsync(previous, NO_DEADLINE);
    }

    /**
     * As {@link #acquireForAsyncRetry(Throwable)}, for a call whose first attempt started at
     * {@code firstStart} ({@link #now()}): past the timeout's deadline the rejection is a
     * {@link TimeoutExceededException}.
     */
    public Throwable acquireForAsyncRetry(Throwable previous, long firstStart) {
        long deadline = deadlineNanos();
        return acquireAsync(previous, deadline > 0 ? firstStart + deadline : NO_DEADLINE);
    }

    private Throwable acquireAsync(Throwable previous, long deadlineAt) {
        try {
            acquire(previous, false, deadlineAt, Waiting.NONE, true);
            return null;
        } catch (BulwarkException rejection) {
            endRetry();
            return rejection;
        }
    }

    /**
     * The next attempt of an asynchronous call started by {@link #async}: null when its permits are
     * taken, the rejection that ends the call, or a {@link PermitWait} to finish on Bulwark's timer.
     */
    Throwable acquireNextAsyncAttempt(Throwable previous, long firstStart) {
        long deadline = deadlineNanos();
        try {
            Object taken = acquire(previous, false, deadline > 0 ? firstStart + deadline : NO_DEADLINE,
                    Waiting.ON_TIMER, true);
            return taken instanceof PermitWait wait ? wait : null;
        } catch (BulwarkException rejection) {
            endRetry();
            return rejection;
        }
    }

    /** The timeout of an asynchronous call's first attempt (its duration, or the deadline if shorter), or 0 for none. */
    public long asyncTimeoutNanos() {
        if (timeout == null) {
            return 0;
        }
        long deadline = deadlineNanos();
        long duration = timeout.rules().durationNanos();
        return deadline > 0 ? Math.min(duration, deadline) : duration;
    }

    /**
     * The timeout of an attempt, starting now, of an asynchronous call whose first attempt started at
     * {@code firstStart}: its duration, or what is left of the deadline if less (at least 1ns); 0 for none.
     */
    public long asyncTimeoutNanos(long firstStart) {
        long deadline = deadlineNanos();
        if (deadline == 0) {
            return asyncTimeoutNanos();
        }
        return Math.max(1, timeout.attemptNanos(firstStart + deadline));
    }

    /**
     * The limit a timed-out attempt armed for {@code armedNanos} ran past, for its message: the
     * deadline when that cut the attempt short, else the attempt's duration.
     */
    public long reportedTimeoutNanos(long armedNanos) {
        long duration = timeout.rules().durationNanos();
        return armedNanos < duration && deadlineNanos() > 0 ? deadlineNanos() : duration;
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

    /**
     * A granted retry did not run (a policy refused its permits, or its wait was interrupted): the
     * call ends as failed after a retry, which it counts as, like any call whose retry failed.
     */
    void endRetry() {
        if (budget != null) {
            budget.releaseRetry();
        }
        if (retry != null) {
            retry.onFailure(2); // the retry's attempt is the second or later
        }
        endCall();
    }

    private void endCall() {
        if (budget != null) {
            budget.onCallEnd();
        }
    }

    /** How an attempt waits for a permit its rules allow it to wait for. */
    private enum Waiting {
        /** Parked on the clock: a synchronous call, on its own thread. */
        PARKED,
        /** Not at all: no permit now is a rejection now. */
        NONE,
        /** On Bulwark's timer: {@link #acquire} returns a {@link PermitWait} that finishes the job. */
        ON_TIMER
    }

    /**
     * Takes breaker and rate-limiter permits, arms the timer, then takes the bulkhead permit.
     *
     * @param armTimer false for asynchronous calls, whose timeout is a scheduled completion instead
     * @param deadlineAt the clock reading by which the call must end, for a later attempt of a call
     *     with a deadline; else {@link #NO_DEADLINE}
     * @param retry whether this is a retry attempt (only for {@link Waiting#ON_TIMER})
     * @return the timer (or null), or, waiting {@link Waiting#ON_TIMER} for a permit, the {@link PermitWait}
     */
    private Object acquire(Throwable previous, boolean armTimer, long deadlineAt, Waiting waiting, boolean retry) {
        try {
            if (deadlineAt != NO_DEADLINE && timeout.attemptNanos(deadlineAt) <= 0) {
                timeout.recordDeadlinePassed();
                throw rejected(new TimeoutExceededException(timeout.name(), target,
                        Duration.ofNanos(deadlineNanos())), PolicyKind.TIMEOUT, previous);
            }
            if (breaker != null && !breaker.tryAcquirePermission()) {
                throw rejected(new CircuitBreakerOpenException(breaker.name(), target, breaker.state(),
                        Duration.ofNanos(breaker.remainingOpenNanos())), PolicyKind.CIRCUIT_BREAKER, previous);
            }
            if (rateLimiter != null && !takeRateLimiterPermit(waiting)) {
                if (waiting == Waiting.ON_TIMER && rateLimiter.rules().timeoutDurationNanos() > 0) {
                    return new PermitWait(this, false, previous, retry);
                }
                releaseBreakerPermission();
                throw rateLimiterRejection(previous);
            }
            // Armed before the bulkhead: a wait for a permit counts against the timeout too.
            Timeout.Timer timer = timeout == null || !armTimer ? null : startTimer(deadlineAt);
            if (bulkhead != null && !takeBulkheadPermit(waiting)) {
                if (waiting == Waiting.ON_TIMER && bulkhead.rules().maxWaitDurationNanos() > 0) {
                    return new PermitWait(this, true, previous, retry);
                }
                boolean timedOut = timer != null && timeout.stop(timer);
                releaseBreakerPermission();
                if (timedOut) {
                    throw rejected(new TimeoutExceededException(timeout.name(), target,
                            Duration.ofNanos(timer.durationNanos())), PolicyKind.TIMEOUT, previous);
                }
                throw bulkheadRejection(previous);
            }
            return timer;
        } catch (BulwarkException rejection) {
            throw rejection;
        } catch (RuntimeException | LinkageError bug) {
            internalFault(bug);
            return null;
        }
    }

    /** A rate-limiter permit; only a synchronous call parks for one, an asynchronous one is counted refused once it gives up. */
    private boolean takeRateLimiterPermit(Waiting waiting) {
        if (waiting == Waiting.PARKED) {
            return rateLimiter.tryAcquire();
        }
        if (rateLimiter.tryAcquireNow()) {
            return true;
        }
        if (waiting == Waiting.NONE || rateLimiter.rules().timeoutDurationNanos() == 0) {
            rateLimiter.countRejected();
        }
        return false;
    }

    private boolean takeBulkheadPermit(Waiting waiting) {
        if (waiting == Waiting.PARKED) {
            return bulkhead.tryAcquire();
        }
        if (bulkhead.tryAcquireNow()) {
            return true;
        }
        if (waiting == Waiting.NONE || bulkhead.rules().maxWaitDurationNanos() == 0) {
            bulkhead.countRejected();
        }
        return false;
    }

    void releaseBreakerPermission() {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    BulwarkException rateLimiterRejection(Throwable previous) {
        return rejected(new RateLimitExceededException(rateLimiter.name(), target, rateLimiter.rules().limitForPeriod(),
                Duration.ofNanos(rateLimiter.rules().limitRefreshPeriodNanos()),
                Duration.ofNanos(rateLimiter.nanosUntilNextPermit())), PolicyKind.RATE_LIMITER, previous);
    }

    BulwarkException bulkheadRejection(Throwable previous) {
        return rejected(new BulkheadFullException(bulkhead.name(), target, bulkhead.limit(),
                Duration.ofNanos(bulkhead.rules().maxWaitDurationNanos())), PolicyKind.BULKHEAD, previous);
    }

    /** Arms an attempt's timer: its duration, or what is left of the call's deadline when that is less. */
    private Timeout.Timer startTimer(long deadlineAt) {
        long duration = timeout.rules().durationNanos();
        long deadline = deadlineNanos();
        if (deadline == 0) {
            return timeout.start(duration, duration);
        }
        long arm = deadlineAt == NO_DEADLINE ? Math.min(duration, deadline) : timeout.attemptNanos(deadlineAt);
        return timeout.start(Math.max(0, arm), arm < duration ? deadline : duration);
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
