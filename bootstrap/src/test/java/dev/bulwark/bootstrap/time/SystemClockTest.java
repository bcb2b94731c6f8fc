package dev.bulwark.bootstrap.time;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SystemClockTest {
    private final Clock clock = Clock.system();

    @Test
    void coarseTimeNeverRunsAheadOfTheExactTime() {
        for (int i = 0; i < 1_000; i++) {
            long coarse = clock.coarseNanoTime();
            long exact = clock.nanoTime();
            assertTrue(coarse - exact <= 0, "coarse " + coarse + " is ahead of exact " + exact);
        }
    }

    @Test
    void coarseTimeMovesOnByItself() {
        long first = clock.coarseNanoTime();
        // Only the ticker thread can move it: this thread just reads.
        Await.until(() -> clock.coarseNanoTime() - first > 0, "the coarse clock moved on");
    }
}
