package dev.bulwark.it.app;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The application the integration tests start with the agent attached. Each scenario prints
 * facts, one per line, that the test asserts; it never decides pass or fail itself.
 */
public final class GuardedApp {
    private GuardedApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.subscribe(event -> {
            if (event instanceof BulwarkEvent.StateTransition t) {
                System.out.println("event " + t.policyName() + " " + t.from() + "->" + t.to());
            } else if (event instanceof BulwarkEvent.RetryScheduled r) {
                System.out.println("event retry " + r.policyName() + " after attempt " + r.attempt());
            }
        });
        switch (args[0]) {
            case "breaker" -> breaker();
            case "retry" -> retry();
            case "bulkhead" -> bulkhead();
            case "stack" -> stack();
            case "class-level" -> classLevel();
            case "untouched" -> untouched();
            case "invalid" -> invalid();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void breaker() throws InterruptedException {
        Inventory inventory = new Inventory();
        for (int i = 0; i < 4; i++) {
            try {
                inventory.reserve(true);
            } catch (IllegalStateException e) {
                System.out.println("failure " + e.getMessage());
            }
        }
        CircuitBreakerOpenException rejection = null;
        try {
            inventory.reserve(false);
            System.out.println("not rejected");
        } catch (CircuitBreakerOpenException e) {
            rejection = e;
            System.out.println("rejected policy=" + e.policyName() + " state=" + e.state());
            System.out.println("message=" + e.getMessage());
        }
        System.out.println("invocations=" + inventory.invocations);
        if (rejection != null) {
            // The breaker lets trial calls through once retryAfter has passed; sleeping that long is exact.
            TimeUnit.NANOSECONDS.sleep(rejection.retryAfter().toNanos() + 1_000_000);
            System.out.println("trial=" + inventory.reserve(false));
            System.out.println("after-close=" + inventory.reserve(false));
        }
    }

    private static void retry() throws IOException {
        Flaky flaky = new Flaky();
        System.out.println("result=" + flaky.fetch() + " attempts=" + flaky.attempts);
        try {
            flaky.alwaysFails();
        } catch (IllegalStateException e) {
            System.out.println("exhausted attempts=" + flaky.failures + " same-exception=" + (e == flaky.lastThrown)
                    + " suppressed=" + e.getSuppressed().length);
        }
        try {
            flaky.aborts();
        } catch (IllegalArgumentException e) {
            System.out.println("aborted attempts=" + flaky.aborted);
        }
    }

    private static void bulkhead() throws InterruptedException {
        Pool pool = new Pool();
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] holders = new Thread[2];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = new Thread(() -> pool.hold(entered, release));
            holders[i].start();
        }
        if (!entered.await(30, TimeUnit.SECONDS)) {
            System.out.println("holders never entered");
        }
        try {
            pool.hold(new CountDownLatch(1), new CountDownLatch(0));
            System.out.println("third call ran");
        } catch (BulkheadFullException e) {
            System.out.println("rejected policy=" + e.policyName() + " max=" + e.maxConcurrentCalls());
            System.out.println("message=" + e.getMessage());
        }
        release.countDown();
        for (Thread t : holders) {
            t.join();
        }
        pool.hold(new CountDownLatch(1), new CountDownLatch(0));
        System.out.println("after-release=ran max-seen=" + pool.maxSeen.get());
    }

    private static void stack() {
        Stacked stacked = new Stacked();
        try {
            stacked.call();
        } catch (CircuitBreakerOpenException e) {
            System.out.println("rejected after invocations=" + stacked.invocations + " suppressed="
                    + e.getSuppressed()[0].getClass().getSimpleName());
        } catch (IllegalStateException e) {
            System.out.println("not rejected, invocations=" + stacked.invocations);
        }
    }

    private static void classLevel() {
        ClassLevel c = new ClassLevel();
        try {
            c.publicCall();
        } catch (IllegalStateException e) {
            System.out.println("public attempts=" + c.publicAttempts);
        }
        try {
            c.packageCall();
        } catch (IllegalStateException e) {
            System.out.println("package attempts=" + c.packageAttempts);
        }
    }

    private static void untouched() {
        PlainService plain = new PlainService();
        int own = 0;
        for (int i = 0; i < 6; i++) {
            try {
                plain.call();
            } catch (IllegalStateException e) {
                own++;
            }
        }
        System.out.println("plain invocations=" + plain.invocations + " own-exceptions=" + own);
        // An annotated class used in the same run: the control that instrumentation did happen.
        System.out.println("inventory=" + new Inventory().reserve(false));
    }

    private static void invalid() {
        Misconfigured m = new Misconfigured();
        for (int i = 0; i < 3; i++) {
            try {
                m.call();
                System.out.println("ran unguarded");
            } catch (InvalidPolicyException e) {
                System.out.println("invalid: " + e.getMessage());
            }
        }
        try {
            m.badDuration();
            System.out.println("ran unguarded");
        } catch (InvalidPolicyException e) {
            System.out.println("invalid: " + e.getMessage());
        }
        System.out.println("body-ran=" + m.invocations);
    }
}
