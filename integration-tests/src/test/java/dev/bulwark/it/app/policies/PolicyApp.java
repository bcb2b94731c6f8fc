package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import dev.bulwark.annotations.InvalidPolicyException;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.annotations.RateLimitExceededException;
import dev.bulwark.annotations.Subscription;
import dev.bulwark.annotations.TimeoutExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Scenarios for the rate limiter, timeout, fallback and retry budget, started with the agent
 * attached. Each prints facts, one per line, that the test asserts; it never decides pass or fail.
 */
public final class PolicyApp {
    private PolicyApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        switch (args[0]) {
            case "rate-limiter" -> rateLimiter();
            case "timeout" -> timeout();
            case "fallback" -> fallback();
            case "invalid-fallback" -> invalidFallback();
            case "retry-budget" -> {
                retryStorm("budgeted", "storm");
                retryStorm("unbudgeted", "unbudgeted");
            }
            case "order" -> order();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void rateLimiter() {
        Quotes quotes = new Quotes();
        for (int i = 1; i <= 3; i++) {
            System.out.println("call " + i + "=" + quotes.quote("ACME"));
        }
        try {
            quotes.quote("ACME");
            System.out.println("call 4 ran");
        } catch (RateLimitExceededException e) {
            System.out.println("call 4 rejected policy=" + e.policyName());
            System.out.println("message=" + e.getMessage());
            System.out.println("retry-after-ms=" + e.retryAfter().toMillis());
        }
        System.out.println("body-ran=" + quotes.invocations);
    }

    private static void timeout() {
        SlowService slow = new SlowService();
        try {
            System.out.println("slow returned " + slow.sleep(SlowService.MINUTE_MILLIS));
        } catch (TimeoutExceededException e) {
            System.out.println("slow rejected policy=" + e.policyName() + " timeout-ms=" + e.timeout().toMillis());
            System.out.println("message=" + e.getMessage());
        }
        System.out.println("slow interrupted-in-method=" + slow.interrupted);
        System.out.println("slow caller-interrupted=" + Thread.currentThread().isInterrupted());
        System.out.println("fast=" + outcome(() -> slow.sleep(1)));

        System.out.println("retry=" + outcome(slow::sleepWithRetry) + " attempts=" + slow.retriedAttempts);
        System.out.println("retry caller-interrupted=" + Thread.currentThread().isInterrupted());

        for (int i = 1; i <= 3; i++) {
            System.out.println("breaker call " + i + "=" + outcome(slow::sleepBehindBreaker));
        }
        System.out.println("breaker attempts=" + slow.breakerAttempts);
    }

    private static void fallback() {
        Prices prices = new Prices();
        System.out.println("price=" + prices.price("apple") + " body-ran=" + prices.priceCalls);
        System.out.println("explained=" + prices.priceExplained("pear"));
        for (int i = 1; i <= 3; i++) {
            System.out.println("breaker-fallback " + i + "=" + outcome(() -> prices.guardedPrice("plum")));
        }
        System.out.println("breaker body-ran=" + prices.breakerCalls);
        System.out.println("handled=" + outcome(() -> prices.handled("fig", 3)));
        for (String kind : List.of("state", "cancelled", "argument", "none")) {
            System.out.println("selective " + kind + "=" + outcome(() -> prices.selective(kind)));
        }
        System.out.println("stock known=" + outcome(() -> prices.stock("known")));
        System.out.println("stock unknown=" + outcome(() -> prices.stock("unknown")));
        System.out.println("publish=" + outcome(() -> {
            prices.publish("hello");
            return "returned normally";
        }) + " dropped=" + prices.dropped);
        System.out.println("rate=" + outcome(() -> Prices.rate("EUR")));
        try {
            System.out.println("unavailable returned " + prices.unavailable("kiwi"));
        } catch (UnsupportedOperationException e) {
            List<String> suppressed = new ArrayList<>();
            for (Throwable s : e.getSuppressed()) {
                suppressed.add(s.getClass().getSimpleName() + ": " + s.getMessage());
            }
            System.out.println("unavailable threw " + e.getMessage() + " suppressed=" + suppressed);
        }
    }

    private static void invalidFallback() {
        BadFallbacks bad = new BadFallbacks();
        for (int i = 0; i < 2; i++) {
            System.out.println("noSuchFallback " + outcome(() -> bad.noSuchFallback("k")));
            System.out.println("mismatched " + outcome(() -> bad.mismatched("k")));
            System.out.println("static " + outcome(() -> BadFallbacks.staticWithInstanceFallback("k")));
        }
        System.out.println("body-ran=" + bad.invocations);
    }

    /** Twenty calls at once into a dependency that is down; counts attempts and budget refusals. */
    private static void retryStorm(String method, String policy) throws InterruptedException {
        RetryStorm storm = new RetryStorm();
        AtomicInteger budgetRejections = new AtomicInteger();
        Subscription subscription = Bulwark.subscribe(event -> {
            if (event instanceof BulwarkEvent.RetryScheduled r && r.policyName().equals(policy) && r.attempt() == 1) {
                storm.firstWaveDecided.countDown();
            } else if (event instanceof BulwarkEvent.CallRejected r && r.kind() == PolicyKind.RETRY_BUDGET
                    && r.policyName().equals(policy)) {
                budgetRejections.incrementAndGet();
                storm.firstWaveDecided.countDown();
            }
        });
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < RetryStorm.CALLS; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    if (method.equals("budgeted")) {
                        storm.budgeted(new RetryStorm.Attempts());
                    } else {
                        storm.unbudgeted(new RetryStorm.Attempts());
                    }
                } catch (IllegalStateException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "storm-" + i);
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        subscription.close();
        System.out.println("storm " + policy + " invocations=" + storm.invocations.get() + " budget-rejections="
                + budgetRejections.get() + " failures=" + failures.get() + " gate-timeouts=" + storm.gateTimeouts.get());
    }

    private static void order() {
        LimitedRetry limited = new LimitedRetry();
        try {
            limited.call();
        } catch (RateLimitExceededException e) {
            Throwable[] suppressed = e.getSuppressed();
            System.out.println("rejected policy=" + e.policyName() + " after invocations=" + limited.invocations
                    + " suppressed=" + (suppressed.length == 1
                            ? suppressed[0].getClass().getSimpleName() + ": " + suppressed[0].getMessage()
                            : suppressed.length + " exceptions"));
        } catch (IllegalStateException e) {
            System.out.println("not rejected: " + e.getMessage() + " after invocations=" + limited.invocations);
        }
    }

    /** What a call gave its caller: the value, or the exception's class and message. */
    private static String outcome(Supplier<Object> call) {
        try {
            return String.valueOf(call.get());
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
