package dev.bulwark.bootstrap.guard;

import dev.bulwark.annotations.TimeoutExceededException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of a method that returns a {@link CompletionStage}, guarded without blocking a thread:
 * the caller gets {@link #result} at once; each attempt's stage is watched, its outcome recorded
 * when it completes (or when its timeout fires first); a retry is scheduled on Bulwark's clock and
 * re-invokes the method on a worker thread. Each attempt settles exactly once.
 */
final class AsyncCall {
    final CompletableFuture<Object> result = new CompletableFuture<>();

    private final Guard guard;
    private final Class<?> declaring;
    private final Object self;
    private final Object[] arguments;
    private final Method method;
    private final AtomicInteger settled = new AtomicInteger();
    private volatile int attempt;
    private volatile long firstStart;
    private volatile long start;
    private volatile CompletionStage<?> stage;
    private volatile Future<?> timer;

    AsyncCall(Guard guard, Class<?> declaring, Object self, Object[] arguments, Method method) {
        this.guard = guard;
        this.declaring = declaring;
        this.self = self;
        this.arguments = arguments;
        this.method = method;
    }

    /** The first attempt, whose permits the advice took and whose body already ran. */
    void begin(long startNanos, Object returned, Throwable thrown) {
        attempt = 1;
        firstStart = startNanos;
        start = startNanos;
        watch(1, returned, thrown);
    }

    /**
     * The first attempt, whose permits are still waited for on Bulwark's timer: the method runs on a
     * Bulwark worker once they are taken; a wait that runs out fails the call with its rejection.
     */
    void beginAfter(PermitWait wait) {
        wait.await(rejection -> {
            if (rejection != null) {
                finish(rejection);
                return;
            }
            guard.asyncCallStarted();
            long now = guard.now();
            firstStart = now;
            start = now;
            attempt = 1;
            invokeAndWatch(1);
        });
    }

    private void watch(int a, Object returned, Throwable thrown) {
        if (thrown != null || !(returned instanceof CompletionStage<?> s)) {
            settle(a, null, thrown != null ? thrown
                    : new NullPointerException(guard.target() + " returned null instead of a CompletionStage"), false);
            return;
        }
        stage = s;
        long timeoutNanos = guard.asyncTimeoutNanos(firstStart);
        if (timeoutNanos > 0) {
            timer = guard.clock().schedule(() -> settle(a, null, new TimeoutExceededException(guard.timeout().name(),
                    guard.target(), Duration.ofNanos(guard.reportedTimeoutNanos(timeoutNanos))), true), timeoutNanos);
        }
        s.whenComplete((value, error) -> settle(a, value, unwrap(error), false));
    }

    private void settle(int a, Object value, Throwable error, boolean timedOut) {
        if (!settled.compareAndSet(a - 1, a)) {
            return; // the timer and the stage race; the first to settle this attempt wins
        }
        Future<?> t = timer;
        if (t != null && !timedOut) {
            t.cancel(false);
        }
        if (guard.timeout() != null) {
            guard.timeout().recordAsync(timedOut);
        }
        if (timedOut) {
            cancel(stage);
            guard.publishTimeout((TimeoutExceededException) error);
        }
        long wait = guard.onAttemptEnd(start, error, a, firstStart);
        if (error == null) {
            result.complete(value);
        } else if (wait < 0) {
            finish(error);
        } else if (wait == 0) {
            guard.clock().execute(() -> next(error));
        } else {
            guard.clock().schedule(() -> guard.clock().execute(() -> next(error)), wait);
        }
    }

    private void next(Throwable previous) {
        Throwable rejection = guard.acquireNextAsyncAttempt(previous, firstStart);
        if (rejection instanceof PermitWait wait) {
            wait.await(refused -> {
                if (refused != null) {
                    finish(refused);
                } else {
                    startNext();
                }
            });
        } else if (rejection != null) {
            finish(rejection);
        } else {
            startNext();
        }
    }

    private void startNext() {
        int a = attempt + 1;
        attempt = a;
        start = guard.now();
        invokeAndWatch(a);
    }

    /** Runs attempt {@code a} of the method, whose permits are taken, on this (Bulwark's) thread. */
    private void invokeAndWatch(int a) {
        Object returned = null;
        Throwable thrown = null;
        try {
            AsyncReentry.markNext();
            returned = method.invoke(self, arguments);
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        } catch (Throwable e) {
            thrown = e;
        } finally {
            AsyncReentry.clear();
        }
        watch(a, returned, thrown);
    }

    /** The call's final failure: to the fallback if one takes it, else to the caller's future. */
    void finish(Throwable error) {
        if (!guard.fallsBackOn(error)) {
            result.completeExceptionally(error);
            return;
        }
        try {
            Object fallback = guard.fallback(declaring, self, arguments, error);
            if (fallback instanceof CompletionStage<?> s) {
                s.whenComplete((v, e) -> {
                    if (e == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(unwrap(e));
                    }
                });
            } else {
                result.complete(fallback);
            }
        } catch (Throwable fromFallback) {
            result.completeExceptionally(fromFallback);
        }
    }

    private static void cancel(CompletionStage<?> s) {
        try {
            if (s != null) {
                s.toCompletableFuture().cancel(true);
            }
        } catch (UnsupportedOperationException e) {
            // a stage that cannot be turned into a future runs on; its outcome is no longer awaited
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
