package dev.bulwark.bootstrap.guard;

import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.RateLimiter;
import dev.bulwark.bootstrap.time.Clock;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The permits an asynchronous attempt still waits for, where the rules allow a wait (a rate
 * limiter's timeout-duration, a bulkhead's max-wait-duration): the wait runs on Bulwark's timer and
 * workers, never on the caller's thread, and ends by handing the outcome to a callback on a worker.
 * Each policy is waited for up to its own limit, as a synchronous call would park for it.
 *
 * <p>It travels from {@link Guard#enterAsync()} to {@link AsyncCall} through the advice's slot for
 * a rejection, hence a Throwable; it is never thrown.
 */
final class PermitWait extends Throwable {
    private static final long serialVersionUID = 1L;
    private static final int WAITING = 0;
    private static final int DONE = 1;

    private final transient Guard guard;
    private final transient Clock clock;
    private final transient Throwable previous;
    /** A retry attempt: giving up ends the retry too. */
    private final boolean retry;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final transient Runnable wake = this::onRelease;
    private volatile boolean atBulkhead;
    private volatile long waitStart;
    private transient volatile Future<?> expiry;
    private transient volatile Consumer<Throwable> then;

    /** @param atBulkhead false: the rate limiter refused, and the bulkhead (if any) comes after it */
    PermitWait(Guard guard, boolean atBulkhead, Throwable previous, boolean retry) {
        super(null, null, false, false);
        this.guard = guard;
        this.clock = guard.clock();
        this.previous = previous;
        this.retry = retry;
        this.atBulkhead = atBulkhead;
        this.waitStart = clock.nanoTime();
    }

    /**
     * Waits, then calls {@code then} once on a Bulwark worker: with null when every permit is taken
     * (the attempt may start), or with the rejection when a wait ran out.
     */
    void await(Consumer<Throwable> then) {
        this.then = then;
        if (atBulkhead) {
            waitForBulkhead();
        } else {
            scheduleRateLimiterTry();
        }
    }

    /** Permits come back with time: look again when the next one frees, or when the wait ends. */
    private void scheduleRateLimiterTry() {
        RateLimiter limiter = guard.rateLimiter();
        long left = limiter.rules().timeoutDurationNanos() - (clock.nanoTime() - waitStart);
        clock.schedule(this::tryRateLimiter, Math.max(0, Math.min(limiter.nanosUntilNextPermit(), left)));
    }

    private void tryRateLimiter() {
        RateLimiter limiter = guard.rateLimiter();
        if (limiter.tryAcquireNow()) {
            toBulkhead();
            return;
        }
        if (clock.nanoTime() - waitStart >= limiter.rules().timeoutDurationNanos()) {
            limiter.countRejected();
            fail(guard.rateLimiterRejection(previous));
            return;
        }
        scheduleRateLimiterTry();
    }

    private void toBulkhead() {
        Bulkhead bulkhead = guard.bulkhead();
        if (bulkhead == null || bulkhead.tryAcquireNow()) {
            succeed();
            return;
        }
        if (bulkhead.rules().maxWaitDurationNanos() == 0) {
            bulkhead.countRejected();
            fail(guard.bulkheadRejection(previous));
            return;
        }
        atBulkhead = true;
        waitStart = clock.nanoTime();
        waitForBulkhead();
    }

    private void waitForBulkhead() {
        Bulkhead bulkhead = guard.bulkhead();
        long left = bulkhead.rules().maxWaitDurationNanos() - (clock.nanoTime() - waitStart);
        bulkhead.asyncWaitStarted();
        expiry = clock.schedule(this::bulkheadWaitEnded, Math.max(0, left));
        bulkhead.onNextRelease(wake);
    }

    /** On a worker, after a permit was given back. */
    private void onRelease() {
        Bulkhead bulkhead = guard.bulkhead();
        if (state.get() != WAITING) {
            bulkhead.passWakeUp(); // this wake-up was meant for a waiter: hand it on
            return;
        }
        if (!bulkhead.tryAcquireNow()) {
            bulkhead.onNextRelease(wake); // another caller took it first
            return;
        }
        if (!state.compareAndSet(WAITING, DONE)) {
            bulkhead.release(); // the wait ran out meanwhile: the rejection stands
            return;
        }
        bulkhead.asyncWaitEnded();
        Future<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
        then.accept(null);
    }

    private void bulkheadWaitEnded() {
        if (!state.compareAndSet(WAITING, DONE)) {
            return;
        }
        Bulkhead bulkhead = guard.bulkhead();
        bulkhead.cancelOnNextRelease(wake);
        bulkhead.asyncWaitEnded();
        bulkhead.countRejected();
        fail(guard.bulkheadRejection(previous));
    }

    private void succeed() {
        if (state.compareAndSet(WAITING, DONE)) {
            clock.execute(() -> then.accept(null));
        }
    }

    private void fail(Throwable rejection) {
        state.set(DONE);
        guard.releaseBreakerPermission();
        if (retry) {
            guard.endRetry();
        }
        clock.execute(() -> then.accept(rejection));
    }
}
