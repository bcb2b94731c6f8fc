package dev.bulwark.bootstrap.policy;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A circuit breaker: one state machine whose current state is an immutable-identity object in an
 * {@link AtomicReference}. Every transition is a compare-and-set from the state object it leaves,
 * so exactly one thread performs it and publishes its event. No timer: OPEN ends lazily when a
 * call asks for permission after the wait.
 *
 * <p>Hot path (CLOSED, success, count window): a volatile read and the window's cursor increment (a
 * success that replaces a success writes nothing else); no lock, no allocation.
 */
public final class CircuitBreaker {
    private final String name;
    // Volatile: a configuration reload swaps them while calls run.
    private volatile CircuitBreakerRules rules;
    private final Clock clock;
    private final EventBus events;
    private volatile ExceptionMatcher recordExceptions;
    private volatile ExceptionMatcher ignoreExceptions;
    private final AtomicReference<State> state;

    /**
     * Calls recorded, successes and failures, across all states: the cursor of every count window too,
     * so a success in a CLOSED count window costs no counter of its own (successes = recorded - failed).
     */
    private final AtomicLong recordedCalls = new AtomicLong();
    /** The highest success count reported so far: {@link #successfulCalls()} never goes down. */
    private final AtomicLong successfulCallsReported = new AtomicLong();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder ignoredCalls = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();
    private final LongAdder stateTransitions = new LongAdder();

    public CircuitBreaker(String name, CircuitBreakerRules rules, Clock clock, EventBus events) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.recordExceptions = new ExceptionMatcher(rules.recordExceptions());
        this.ignoreExceptions = new ExceptionMatcher(rules.ignoreExceptions());
        this.state = new AtomicReference<>(new Closed());
    }

    public String name() {
        return name;
    }

    public CircuitBreakerRules rules() {
        return rules;
    }

    /**
     * Applies new rules and keeps the breaker's state: its current state, and the outcomes in its
     * window unless the window's type or size changed (then a CLOSED breaker starts an empty
     * window). A new wait applies from the next time the breaker opens; a new trial count from the
     * next HALF_OPEN. Lowering a threshold opens the breaker at the next recorded call, not at once.
     *
     * @return true when the window's outcomes were kept
     */
    public synchronized boolean reconfigure(CircuitBreakerRules next) {
        Objects.requireNonNull(next, "rules");
        CircuitBreakerRules previous = rules;
        boolean sameWindow = previous.slidingWindowType() == next.slidingWindowType()
                && previous.slidingWindowSize() == next.slidingWindowSize();
        this.recordExceptions = new ExceptionMatcher(next.recordExceptions());
        this.ignoreExceptions = new ExceptionMatcher(next.ignoreExceptions());
        this.rules = next;
        State s = state.get();
        if (s instanceof Closed closed) {
            if (sameWindow) {
                closed.window.retune(next.effectiveMinimumNumberOfCalls(), next.failureRateThreshold(),
                        next.slowCallRateThreshold());
            } else {
                // Same state, new window shape: no transition, so no event.
                state.compareAndSet(s, new Closed());
            }
        }
        return sameWindow;
    }

    /**
     * True when the call may run: CLOSED; HALF_OPEN with a trial permit taken; OPEN whose wait is
     * over (it turns HALF_OPEN first). False counts as rejected; the caller publishes the event.
     */
    public boolean tryAcquirePermission() {
        for (;;) {
            State s = state.get();
            if (s instanceof Closed) {
                return true;
            }
            if (s instanceof HalfOpen halfOpen) {
                if (halfOpen.tryTakePermit()) {
                    return true;
                }
                rejectedCalls.increment();
                return false;
            }
            Open open = (Open) s;
            if (clock.nanoTime() - open.readyAtNanos < 0) {
                rejectedCalls.increment();
                return false;
            }
            // Winner or loser of this CAS, the loop then takes a permit from whatever state is current.
            transition(open, new HalfOpen());
        }
    }

    /** Gives back a permission whose call never ran; in HALF_OPEN the trial permit returns. */
    public void releasePermission() {
        if (state.get() instanceof HalfOpen halfOpen) {
            halfOpen.returnPermit();
        }
    }

    /**
     * Records a call that ran with a permission. {@code thrown == null} is a success. Ignored
     * exceptions leave the window alone; with recordExceptions set, other exceptions are successes.
     */
    public void onResult(long durationNanos, Throwable thrown) {
        if (thrown != null && ignoreExceptions.matches(thrown)) {
            ignoredCalls.increment();
            releasePermission();
            return;
        }
        boolean failure = thrown != null && (recordExceptions.isEmpty() || recordExceptions.matches(thrown));
        boolean slow = durationNanos >= rules.slowCallDurationThresholdNanos();
        // Counted as failed before it counts as recorded: then recorded - failed never overstates successes.
        if (failure) {
            failedCalls.increment();
        }
        if (slow) {
            slowCalls.increment();
        }
        state.get().record(failure, slow); // counts it in recordedCalls, once
    }

    public CircuitBreakerState state() {
        return state.get().kind();
    }

    /** Nanos until an OPEN breaker lets trial calls through; 0 unless OPEN. */
    public long remainingOpenNanos() {
        return state.get() instanceof Open open ? Math.max(0, open.readyAtNanos - clock.nanoTime()) : 0;
    }

    /** Closes the breaker with an empty window; does nothing when already CLOSED. */
    public void transitionToClosed() {
        manualTransition(CircuitBreakerState.CLOSED);
    }

    /** Opens the breaker for a full waitDurationInOpenState; does nothing when already OPEN. */
    public void transitionToOpen() {
        manualTransition(CircuitBreakerState.OPEN);
    }

    /** Starts a trial with fresh permits; does nothing when already HALF_OPEN. */
    public void transitionToHalfOpen() {
        manualTransition(CircuitBreakerState.HALF_OPEN);
    }

    private void manualTransition(CircuitBreakerState target) {
        for (;;) {
            State s = state.get();
            if (s.kind() == target) {
                return;
            }
            State next = switch (target) {
                case CLOSED -> new Closed();
                case OPEN -> new Open(s);
                case HALF_OPEN -> new HalfOpen();
            };
            if (transition(s, next)) {
                return;
            }
        }
    }

    private boolean transition(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        stateTransitions.increment();
        if (events.hasSubscribers()) {
            events.publish(new BulwarkEvent.StateTransition(name, from.kind(), to.kind(),
                    Instant.ofEpochMilli(clock.wallMillis())));
        }
        return true;
    }

    public long successfulCalls() {
        // Recorded first: every failure among those calls is then already in failedCalls. A failure
        // counted but not yet recorded makes the difference one short for a moment, hence the max.
        long recorded = recordedCalls.get();
        long successes = recorded - failedCalls.sum();
        return successfulCallsReported.accumulateAndGet(successes, Math::max);
    }

    public long failedCalls() {
        return failedCalls.sum();
    }

    public long ignoredCalls() {
        return ignoredCalls.sum();
    }

    /** Calls at or above slowCallDurationThreshold, failed or not. */
    public long slowCalls() {
        return slowCalls.sum();
    }

    public long rejectedCalls() {
        return rejectedCalls.sum();
    }

    /** Same as {@link #rejectedCalls()}, under Resilience4j's name. */
    public long notPermittedCalls() {
        return rejectedCalls.sum();
    }

    public long stateTransitions() {
        return stateTransitions.sum();
    }

    /** Calls in the current window (CLOSED), trial outcomes so far (HALF_OPEN), or the window that opened it (OPEN). */
    public int bufferedCalls() {
        return state.get().bufferedCalls();
    }

    /** Percent of failed calls in the window of {@link #bufferedCalls()}; -1 below the minimum number of calls. */
    public float failureRate() {
        return state.get().failureRate();
    }

    /** Percent of slow calls in the window of {@link #bufferedCalls()}; -1 below the minimum number of calls. */
    public float slowCallRate() {
        return state.get().slowCallRate();
    }

    /** The count window of the current CLOSED state, or null; lets tests check it. */
    CountWindow countWindowForTest() {
        return state.get() instanceof Closed closed && closed.window instanceof CountWindow w ? w : null;
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }

    private abstract static class State {
        abstract CircuitBreakerState kind();

        /** Adds the outcome of a call that ran; may transition. */
        abstract void record(boolean failure, boolean slow);

        abstract int bufferedCalls();

        abstract float failureRate();

        abstract float slowCallRate();
    }

    private final class Closed extends State {
        final SlidingWindow window = rules.slidingWindowType() == SlidingWindowType.COUNT
                ? new CountWindow(recordedCalls, rules.slidingWindowSize(), rules.effectiveMinimumNumberOfCalls(),
                        rules.failureRateThreshold(), rules.slowCallRateThreshold())
                : new TimeWindow(clock, rules.slidingWindowSize(), rules.effectiveMinimumNumberOfCalls(),
                        rules.failureRateThreshold(), rules.slowCallRateThreshold());
        /** A count window advances recordedCalls itself, as its cursor. */
        private final boolean windowCounts = window instanceof CountWindow;

        @Override
        CircuitBreakerState kind() {
            return CircuitBreakerState.CLOSED;
        }

        @Override
        void record(boolean failure, boolean slow) {
            if (!windowCounts) {
                recordedCalls.incrementAndGet();
            }
            if (window.record(failure, slow)) {
                transition(this, new Open(this));
            }
        }

        @Override
        int bufferedCalls() {
            return window.bufferedCalls();
        }

        @Override
        float failureRate() {
            return window.failureRate();
        }

        @Override
        float slowCallRate() {
            return window.slowCallRate();
        }
    }

    /** Rejects until {@code readyAtNanos}; keeps the figures of the state it left, for gauges. */
    private final class Open extends State {
        final long readyAtNanos;
        private final int bufferedCalls;
        private final float failureRate;
        private final float slowCallRate;

        Open(State from) {
            this.readyAtNanos = clock.nanoTime() + rules.waitDurationInOpenStateNanos();
            this.bufferedCalls = from.bufferedCalls();
            this.failureRate = from.failureRate();
            this.slowCallRate = from.slowCallRate();
        }

        @Override
        CircuitBreakerState kind() {
            return CircuitBreakerState.OPEN;
        }

        @Override
        void record(boolean failure, boolean slow) {
            // A call admitted before the breaker opened: counted in the counters, judged by nobody.
            recordedCalls.incrementAndGet();
        }

        @Override
        int bufferedCalls() {
            return bufferedCalls;
        }

        @Override
        float failureRate() {
            return failureRate;
        }

        @Override
        float slowCallRate() {
            return slowCallRate;
        }
    }

    /**
     * Admits exactly {@code permittedNumberOfCallsInHalfOpenState} trial calls and judges them once
     * all their outcomes are in. Outcomes are packed in one long so the thread whose add completes
     * the trial sees every outcome at once and alone decides.
     */
    private final class HalfOpen extends State {
        private final int permitted = rules.permittedNumberOfCallsInHalfOpenState();
        private final AtomicInteger permits = new AtomicInteger(permitted);
        private final AtomicLong outcomes = new AtomicLong();

        @Override
        CircuitBreakerState kind() {
            return CircuitBreakerState.HALF_OPEN;
        }

        boolean tryTakePermit() {
            for (;;) {
                int p = permits.get();
                if (p <= 0) {
                    return false;
                }
                if (permits.compareAndSet(p, p - 1)) {
                    return true;
                }
            }
        }

        void returnPermit() {
            for (;;) {
                int p = permits.get();
                // Never more permits than were handed out: a stray release must not widen the trial.
                if (p >= permitted - Outcomes.calls(outcomes.get())) {
                    return;
                }
                if (permits.compareAndSet(p, p + 1)) {
                    return;
                }
            }
        }

        @Override
        void record(boolean failure, boolean slow) {
            recordedCalls.incrementAndGet();
            long delta = Outcomes.of(failure, slow);
            for (;;) {
                long v = outcomes.get();
                int recorded = Outcomes.calls(v);
                // Only as many outcomes as trial permits are out: a late result of a call admitted
                // while CLOSED must not take a trial's place.
                if (recorded >= permitted - permits.get()) {
                    return;
                }
                long next = v + delta;
                if (outcomes.compareAndSet(v, next)) {
                    if (recorded + 1 == permitted) {
                        judge(next);
                    }
                    return;
                }
            }
        }

        private void judge(long v) {
            boolean trips = Outcomes.trips(Outcomes.calls(v), Outcomes.failures(v), Outcomes.slowCalls(v), permitted,
                    rules.failureRateThreshold(), rules.slowCallRateThreshold());
            transition(this, trips ? new Open(this) : new Closed());
        }

        @Override
        int bufferedCalls() {
            return Outcomes.calls(outcomes.get());
        }

        @Override
        float failureRate() {
            long v = outcomes.get();
            return Outcomes.rate(Outcomes.failures(v), Outcomes.calls(v), permitted);
        }

        @Override
        float slowCallRate() {
            long v = outcomes.get();
            return Outcomes.rate(Outcomes.slowCalls(v), Outcomes.calls(v), permitted);
        }
    }
}
