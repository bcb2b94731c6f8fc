package dev.bulwark.bootstrap.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    private final ManualClock clock = new ManualClock();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    /** Parks until the deadline, looping over early returns as every caller must. */
    private Future<?> parkUntil(long deadline) {
        return pool.submit(() -> {
            while (clock.nanoTime() < deadline) {
                clock.parkUntil(deadline);
            }
            return null;
        });
    }

    @Test
    void coarseTimeIsTheExactTime() {
        clock.advanceNanos(1_234_567);
        assertEquals(clock.nanoTime(), clock.coarseNanoTime());
    }

    @Test
    void startsAtZero() {
        assertEquals(0, clock.nanoTime());
    }

    @Test
    void advanceMovesBothClocks() {
        long wall = clock.wallMillis();
        clock.advance(Duration.ofMillis(1500));
        assertEquals(1_500_000_000L, clock.nanoTime());
        assertEquals(wall + 1500, clock.wallMillis());
    }

    @Test
    void sleepAdvancesTheClockAtOnceAndRecordsTheSleep() throws InterruptedException {
        clock.sleep(500);
        clock.sleep(1000);
        assertEquals(1500, clock.nanoTime());
        assertEquals(List.of(500L, 1000L), clock.sleeps());
    }

    @Test
    void parkUntilReturnsAtOnceWhenTheDeadlineHasPassed() throws InterruptedException {
        clock.advanceNanos(10);
        clock.parkUntil(10);
        assertEquals(0, clock.parkedThreads());
    }

    @Test
    void parkUntilReturnsOnlyAfterAnAdvancePastTheDeadline() throws Exception {
        Future<?> parked = parkUntil(100);
        Await.until(() -> clock.parkedThreads() == 1, "thread parked");
        long parks = clock.parkCalls();
        clock.advanceNanos(99);
        Await.until(() -> clock.parkCalls() > parks, "thread woke and parked again");
        assertFalse(parked.isDone());
        clock.advanceNanos(1);
        parked.get(10, TimeUnit.SECONDS);
    }

    @Test
    void parkUntilNeverMissesAnAdvanceThatRacesIt() throws Exception {
        // No waiting for the thread to park first: the advance races the parking on purpose.
        for (int i = 1; i <= 500; i++) {
            Future<?> parked = parkUntil(i);
            clock.advanceNanos(1);
            parked.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void unparkWakesAParkedThread() throws Exception {
        AtomicReference<Thread> parker = new AtomicReference<>();
        Future<?> parked = pool.submit(() -> {
            parker.set(Thread.currentThread());
            clock.parkUntil(1_000);
            return null;
        });
        Await.until(() -> clock.parkedThreads() == 1, "thread parked");
        LockSupport.unpark(parker.get());
        parked.get(10, TimeUnit.SECONDS);
        assertEquals(0, clock.nanoTime());
    }

    @Test
    void parkUntilThrowsWhenInterrupted() throws Exception {
        AtomicReference<Thread> parker = new AtomicReference<>();
        Future<String> parked = pool.submit(() -> {
            parker.set(Thread.currentThread());
            try {
                clock.parkUntil(1_000);
                return "returned";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        Await.until(() -> clock.parkedThreads() == 1, "thread parked");
        parker.get().interrupt();
        assertEquals("interrupted", parked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void parkUntilThrowsWhenCalledInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> clock.parkUntil(1_000));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void advanceRefusesToGoBack() {
        assertThrows(IllegalArgumentException.class, () -> clock.advanceNanos(-1));
    }

    @Test
    void systemClockReturnsAtOnceForAPassedDeadline() throws InterruptedException {
        Clock system = Clock.system();
        system.parkUntil(system.nanoTime() - 1);
        assertTrue(Clock.system() == system);
    }
}
