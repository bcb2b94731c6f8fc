package dev.bulwark.demo;

import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerOpenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small service guarded only by annotations. Run it with the agent attached and watch the
 * payments breaker open during the gateway's outage and close after it, retries absorb blips, and
 * the reports bulkhead turn away what it cannot hold. It stops by itself after --duration.
 */
public final class DemoService {
    private final AtomicLong charged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong shortCircuited = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong reportsRejected = new AtomicLong();
    private final AtomicReference<String> breaker = new AtomicReference<>("CLOSED");

    public static void main(String[] args) throws Exception {
        Duration duration = parseDuration(args);
        new DemoService().run(duration);
    }

    static Duration parseDuration(String[] args) {
        Duration duration = Duration.ofSeconds(20);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--duration") && i + 1 < args.length) {
                String text = args[++i];
                if (!text.matches("\\d+s?")) {
                    throw usage("--duration takes whole seconds, such as 20s; got '" + text + "'");
                }
                duration = Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
            } else {
                throw usage("unknown argument '" + args[i] + "'");
            }
        }
        if (duration.toSeconds() < 8 || duration.toSeconds() > 600) {
            throw usage("--duration must be between 8s and 600s so the outage and the recovery both fit");
        }
        return duration;
    }

    private static IllegalArgumentException usage(String problem) {
        System.err.println("usage: java -javaagent:bulwark-agent.jar -jar bulwark-demo.jar [--duration 20s]");
        System.err.println(problem);
        System.exit(2);
        return new IllegalArgumentException(problem);
    }

    void run(Duration duration) throws InterruptedException {
        if (!Bulwark.isAttached()) {
            System.out.println("Bulwark is not attached: every call runs unguarded. Start the demo with "
                    + "-javaagent:agent/target/bulwark-agent.jar to see the difference.");
        }
        Bulwark.subscribe(this::onEvent);
        long runNanos = duration.toNanos();
        PaymentGateway gateway = new PaymentGateway(runNanos);
        CheckoutService checkout = new CheckoutService(gateway);
        ReportService reportService = new ReportService();
        long deadline = System.nanoTime() + runNanos;
        System.out.printf("Bulwark demo: %ds run; the payment gateway is down from %ds to %ds.%n",
                duration.toSeconds(), duration.toSeconds() / 5, duration.toSeconds() / 2);

        List<Thread> threads = new ArrayList<>();
        threads.add(start("checkout", () -> {
            while (System.nanoTime() < deadline) {
                try {
                    checkout.checkout(1999);
                    charged.incrementAndGet();
                } catch (CircuitBreakerOpenException e) {
                    shortCircuited.incrementAndGet();
                } catch (IllegalStateException e) {
                    failed.incrementAndGet();
                }
                pause(50);
            }
        }));
        for (int i = 0; i < 4; i++) {
            threads.add(start("reports-" + i, () -> {
                while (System.nanoTime() < deadline) {
                    try {
                        reportService.render();
                        reports.incrementAndGet();
                    } catch (BulkheadFullException e) {
                        reportsRejected.incrementAndGet();
                        pause(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        long started = System.nanoTime();
        while (System.nanoTime() < deadline) {
            pause(1000);
            printSummary((System.nanoTime() - started) / 1_000_000_000, gateway.down());
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("done: %d charged, %d failed after retries, %d short-circuited, %d retries; "
                + "%d reports, %d turned away by the bulkhead%n", charged.get(), failed.get(), shortCircuited.get(),
                retries.get(), reports.get(), reportsRejected.get());
    }

    private void onEvent(BulwarkEvent event) {
        if (event instanceof BulwarkEvent.StateTransition t) {
            breaker.set(t.to().toString());
            System.out.printf("  >> circuit breaker '%s': %s -> %s%n", t.policyName(), t.from(), t.to());
        } else if (event instanceof BulwarkEvent.RetryScheduled) {
            retries.incrementAndGet();
        }
    }

    private void printSummary(long second, boolean gatewayDown) {
        System.out.printf("[%3ds] gateway %-4s | payments breaker %-9s | charged %4d  failed %3d  short-circuited %4d"
                + "  retries %4d | reports %3d  rejected %3d%n", second, gatewayDown ? "DOWN" : "up", breaker.get(),
                charged.get(), failed.get(), shortCircuited.get(), retries.get(), reports.get(),
                reportsRejected.get());
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
