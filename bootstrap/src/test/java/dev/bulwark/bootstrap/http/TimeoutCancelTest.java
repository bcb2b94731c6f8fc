package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.policy.Timeout;
import dev.bulwark.bootstrap.policy.TimeoutRules;
import dev.bulwark.bootstrap.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cancel of a request whose attempt ran past its timeout, on a manual clock. */
class TimeoutCancelTest {
    private final ManualClock clock = new ManualClock();
    private final Timeout timeout = new Timeout("api.test:443", new TimeoutRules(Duration.ofSeconds(1).toNanos()),
            clock);

    /** Stands for OkHttp's Call or Apache's HttpUriRequestBase: a public cancel(). */
    public static final class Request {
        int cancels;

        public boolean cancel() {
            cancels++;
            return true;
        }
    }

    @Test
    void theRequestIsCancelledAfterTheTimeoutFiredAndTheAttemptReportsATimeout() {
        Request request = new Request();
        Timeout.Timer timer = timeout.start();
        Object armed = TimeoutCancel.arm(clock, timer, request);
        clock.advance(Duration.ofMillis(999));
        assertEquals(0, request.cancels);
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, request.cancels);
        assertTrue(TimeoutCancel.disarm(armed), "the attempt learns that its request was cancelled");
        assertTrue(timeout.stop(timer), "and that its timeout fired first");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anAttemptThatEndsInTimeCancelsNothing() {
        Request request = new Request();
        Timeout.Timer timer = timeout.start();
        Object armed = TimeoutCancel.arm(clock, timer, request);
        assertFalse(TimeoutCancel.disarm(armed));
        assertFalse(timeout.stop(timer));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, request.cancels);
        assertEquals(0, clock.pendingTasks());
    }

    @Test
    void withoutATimeoutThereIsNothingToArm() {
        assertNull(TimeoutCancel.arm(clock, null, new Request()));
        assertFalse(TimeoutCancel.disarm(null));
    }
}
