package dev.bulwark.demo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The flaky dependency: healthy but for the odd error, then down for a while, then healthy again.
 * The outage window is given as fractions of the demo's run, so every --duration shows all three.
 */
final class PaymentGateway {
    private final long start = System.nanoTime();
    private final long outageFrom;
    private final long outageUntil;

    PaymentGateway(long runNanos) {
        this.outageFrom = runNanos / 5;
        this.outageUntil = runNanos / 2;
    }

    boolean down() {
        long t = System.nanoTime() - start;
        return t >= outageFrom && t < outageUntil;
    }

    String charge(int cents) {
        if (down() || ThreadLocalRandom.current().nextInt(100) < 5) {
            throw new IllegalStateException("payment gateway unavailable");
        }
        return "charged " + cents;
    }
}
