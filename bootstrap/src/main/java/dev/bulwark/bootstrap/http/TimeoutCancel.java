package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.Timeout;
import dev.bulwark.bootstrap.time.Clock;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cancels a request through its client's own {@code cancel()} (OkHttp's {@code Call}, Apache's
 * {@code HttpUriRequestBase}) when the attempt's timeout fires: the timeout interrupts the calling
 * thread, but a thread blocked in a socket read does not wake on an interrupt, while a cancel closes
 * the connection under it. Scheduled after the timeout's own timer for the same duration on
 * Bulwark's single timer thread, so it runs after that timer fired and the attempt reports a timeout.
 */
public final class TimeoutCancel implements Runnable {
    private static final int ARMED = 0;
    private static final int DISARMED = 1;
    private static final int CANCELLING = 2;
    private static final int CANCELLED = 3;

    /** The public no-argument {@code cancel()} of each class, or null when it has none. */
    private static final ClassValue<MethodHandle> CANCEL = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("cancel");
                m.setAccessible(true); // a public method of a non-public class (OkHttp's RealCall is public; others may not be)
                return MethodHandles.lookup().unreflect(m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private final Object request;
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private volatile Future<?> future;

    private TimeoutCancel(Object request) {
        this.request = request;
    }

    /**
     * Arms the cancel of {@code request} for the attempt whose timeout timer is {@code timer}
     * (from {@link Guard#enter} or {@link Guard#beginNextAttempt}); null when there is no timer.
     */
    public static Object arm(Guard guard, Object timer, Object request) {
        return timer == null || request == null ? null : arm(guard.clock(), timer, request);
    }

    static Object arm(Clock clock, Object timer, Object request) {
        if (!(timer instanceof Timeout.Timer t) || request == null) {
            return null;
        }
        try {
            TimeoutCancel cancel = new TimeoutCancel(request);
            cancel.future = clock.schedule(cancel, t.durationNanos());
            return cancel;
        } catch (RuntimeException | LinkageError e) {
            BulwarkLog.warnOnce("http-timeout-cancel", "cannot cancel HTTP requests on timeout; only the interrupt "
                    + "stops them", e);
            return null;
        }
    }

    /**
     * Disarms what {@link #arm} returned, on the attempt's thread once it ended.
     *
     * @return true when the request was cancelled by its timeout
     */
    public static boolean disarm(Object armed) {
        if (!(armed instanceof TimeoutCancel c)) {
            return false;
        }
        if (c.state.compareAndSet(ARMED, DISARMED)) {
            Future<?> f = c.future;
            if (f != null) {
                f.cancel(false);
            }
            return false;
        }
        while (c.state.get() != CANCELLED) {
            Thread.onSpinWait(); // the cancel is under way on the timer thread: it is short
        }
        return true;
    }

    @Override
    public void run() {
        if (!state.compareAndSet(ARMED, CANCELLING)) {
            return;
        }
        try {
            MethodHandle cancel = CANCEL.get(request.getClass());
            if (cancel != null) {
                Object ignored = cancel.invoke(request);
            }
        } catch (Throwable e) {
            BulwarkLog.warnOnce("http-timeout-cancel", "cannot cancel an HTTP request on timeout", e);
        } finally {
            state.set(CANCELLED);
        }
    }
}
