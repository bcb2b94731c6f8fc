package dev.bulwark.bootstrap.policy;

import dev.bulwark.bootstrap.time.Clock;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Abandons calls that run too long. {@link #start()} arms a timer for the calling thread; if the
 * deadline passes first, the timer interrupts that thread, so work that waits, sleeps or does I/O
 * on an interruptible channel stops early. {@link #stop} disarms it and says whether it fired, and
 * clears the interrupt it sent so it never leaks into the caller's later code.
 */
public final class Timeout {
    private final String name;
    private final Clock clock;
    private volatile TimeoutRules rules;
    private final LongAdder timedOutCalls = new LongAdder();
    private final LongAdder callsInTime = new LongAdder();

    public Timeout(String name, TimeoutRules rules, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    public TimeoutRules rules() {
        return rules;
    }

    /** A new duration applies to calls that start from now on. */
    public void reconfigure(TimeoutRules next) {
        this.rules = Objects.requireNonNull(next, "rules");
    }

    /** Arms the timer of the calling thread's call, for the rules' duration. */
    public Timer start() {
        long duration = rules.durationNanos();
        return start(duration, duration);
    }

    /**
     * Arms a timer of {@code armNanos} (what is left of a deadline may be less than the duration);
     * {@code reportNanos} is the limit a timed-out call is said to have run past.
     */
    public Timer start(long armNanos, long reportNanos) {
        Timer timer = new Timer(Thread.currentThread(), reportNanos);
        timer.future = clock.schedule(timer, armNanos);
        return timer;
    }

    /**
     * How long the next attempt of a call whose deadline ends at {@code deadlineAt} (a clock reading)
     * may run: the duration, or less when less is left; 0 or less when the deadline has passed.
     */
    public long attemptNanos(long deadlineAt) {
        return Math.min(rules.durationNanos(), deadlineAt - clock.nanoTime());
    }

    /** Counts a call stopped before another attempt because its deadline had passed. */
    public void recordDeadlinePassed() {
        timedOutCalls.increment();
    }

    /**
     * Disarms {@code timer}, on the thread that started it.
     *
     * @return true when the deadline passed first: the call must be reported as timed out
     */
    public boolean stop(Timer timer) {
        if (timer.state.compareAndSet(Timer.RUNNING, Timer.DONE)) {
            Future<?> f = timer.future;
            if (f != null) {
                f.cancel(false);
            }
            callsInTime.increment();
            return false;
        }
        // The timer fired: wait for its interrupt to land, then take it back.
        while (timer.state.get() != Timer.FIRED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        timedOutCalls.increment();
        return true;
    }

    /** Counts the outcome of an asynchronous attempt, whose timeout is a scheduled completion. */
    public void recordAsync(boolean timedOut) {
        (timedOut ? timedOutCalls : callsInTime).increment();
    }

    public long timedOutCalls() {
        return timedOutCalls.sum();
    }

    public long callsInTime() {
        return callsInTime.sum();
    }

    /** One armed call. */
    public static final class Timer implements Runnable {
        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int FIRING = 2;
        static final int FIRED = 3;

        private final Thread thread;
        private final long durationNanos;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile Future<?> future;

        Timer(Thread thread, long durationNanos) {
            this.thread = thread;
            this.durationNanos = durationNanos;
        }

        /** The duration this call was given, for the message. */
        public long durationNanos() {
            return durationNanos;
        }

        @Override
        public void run() {
            if (state.compareAndSet(RUNNING, FIRING)) {
                thread.interrupt();
                state.set(FIRED);
            }
        }
    }
}
