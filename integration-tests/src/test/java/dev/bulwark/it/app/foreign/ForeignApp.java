package dev.bulwark.it.app.foreign;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkException;
import java.io.IOException;

/**
 * A plain Java application using MicroProfile Fault Tolerance and Resilience4j annotations, started
 * with the agent. Each scenario prints facts, one per line, for the test to assert.
 */
public final class ForeignApp {
    private ForeignApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        switch (args[0]) {
            case "mp-retry" -> microProfileRetry();
            case "mp-breaker" -> microProfileBreaker();
            case "mp-fallback" -> microProfileFallback();
            case "mp-timeout" -> microProfileTimeout();
            case "r4j-breaker" -> resilience4jBreaker();
            case "r4j-retry" -> resilience4jRetry();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void microProfileRetry() {
        MicroProfileService service = new MicroProfileService();
        try {
            service.flaky();
        } catch (IOException e) {
            System.out.println("mp-retry attempts=" + service.attempts + " last=" + e.getMessage());
        }
    }

    private static void microProfileBreaker() {
        MicroProfileService service = new MicroProfileService();
        boolean[] failures = {true, false, true, false};
        for (boolean fail : failures) {
            try {
                System.out.println("call " + service.guarded(fail));
            } catch (IllegalStateException e) {
                System.out.println("call failed " + e.getMessage());
            }
        }
        try {
            service.guarded(false);
            System.out.println("fifth call ran");
        } catch (BulwarkException e) {
            System.out.println("fifth call rejected " + e.getClass().getName());
        }
        System.out.println("mp-breaker invocations=" + service.breakerCalls);
    }

    private static void microProfileFallback() {
        MicroProfileService service = new MicroProfileService();
        System.out.println("mp-fallback result=" + service.lookup("42"));
        try {
            service.lookup("");
        } catch (IllegalArgumentException e) {
            System.out.println("mp-fallback skipped " + e.getMessage());
        }
        System.out.println("mp-fallback invocations=" + service.fallbackBodyCalls);
    }

    private static void microProfileTimeout() throws InterruptedException {
        MicroProfileService service = new MicroProfileService();
        try {
            System.out.println("mp-timeout result=" + service.slow());
        } catch (BulwarkException e) {
            System.out.println("mp-timeout " + e.getClass().getName() + " interrupted-after=" + Thread.interrupted());
        }
    }

    private static void resilience4jBreaker() throws IOException {
        Resilience4jService service = new Resilience4jService();
        for (int i = 1; i <= 3; i++) {
            System.out.println("r4j-breaker call" + i + "=" + service.charge("order-" + i));
        }
        System.out.println("r4j-breaker invocations=" + service.breakerCalls);
    }

    private static void resilience4jRetry() {
        Resilience4jService service = new Resilience4jService();
        try {
            service.fetch();
        } catch (IOException e) {
            System.out.println("r4j-retry attempts=" + service.retryAttempts);
        }
    }
}
