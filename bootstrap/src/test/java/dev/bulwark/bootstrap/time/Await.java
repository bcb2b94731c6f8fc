package dev.bulwark.bootstrap.time;

import java.util.function.BooleanSupplier;

/** Test helper: spins until another thread reaches a state. The timeout only guards against a hang. */
public final class Await {
    private static final long GUARD_NANOS = 10_000_000_000L;

    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > GUARD_NANOS) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
