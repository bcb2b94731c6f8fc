package dev.bulwark.it.app.telemetry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TelemetryApp's {@code policies} scenario, in steps that the test releases by creating files in
 * {@code dir} once an export showed the state of the step before:
 * <ol>
 * <li>every policy of {@link Shop} used in a known way, the breaker CLOSED; two calls held inside
 *     bulkheads and one waiting; prints {@code step closed}, waits for {@code closed-seen};</li>
 * <li>the holders released, the breaker opened and one call rejected; prints {@code step open},
 *     waits for {@code open-seen};</li>
 * <li>past the breaker's 1 s wait, one trial call succeeds: HALF_OPEN; prints {@code step half_open},
 *     waits for {@code half-open-seen};</li>
 * <li>the second trial succeeds: CLOSED; prints {@code step closed-again}, waits for {@code done-seen}.</li>
 * </ol>
 */
final class PolicyScenario {
    private final Shop shop = new Shop();

    private PolicyScenario() {
    }

    static void run(Path dir) throws Exception {
        new PolicyScenario().steps(dir);
    }

    private void steps(Path dir) throws Exception {
        for (String kind : List.of("ok", "slow", "fail", "ok", "invalid")) {
            System.out.println("order " + kind + " " + order(kind));
        }
        System.out.println("reserve " + reserve(1) + " " + reserve(0) + " " + reserve(5));
        System.out.println("restock " + outcome(shop::restock));
        for (int i = 0; i < 3; i++) {
            System.out.println("search " + outcome(shop::search));
        }
        System.out.println("price " + outcome(() -> shop.price(false)) + " " + outcome(() -> shop.price(true)));
        System.out.println("quote " + shop.quote() + " " + shop.quote());
        System.gc(); // so that jvm.gc.duration has a point

        CountDownLatch release = new CountDownLatch(1);
        List<Thread> holders = new ArrayList<>();
        CountDownLatch reporting = new CountDownLatch(1);
        holders.add(start(() -> shop.report(reporting, release)));
        reporting.await();
        System.out.println("report " + outcome(() -> shop.report(new CountDownLatch(1), release)));
        CountDownLatch exporting = new CountDownLatch(1);
        holders.add(start(() -> shop.export(exporting, release)));
        exporting.await();
        holders.add(start(() -> shop.export(new CountDownLatch(1), release))); // waits for the first
        System.out.println("step closed");
        TelemetryApp.awaitFile(dir.resolve("closed-seen"));

        release.countDown();
        for (Thread t : holders) {
            t.join(60_000);
        }
        System.out.println("order fail " + order("fail") + ", fail " + order("fail"));
        long opened = System.nanoTime();
        System.out.println("order rejected " + order("ok"));
        System.out.println("step open");
        TelemetryApp.awaitFile(dir.resolve("open-seen"));

        long wait = 1_200 - (System.nanoTime() - opened) / 1_000_000; // past waitDurationInOpenState (1 s)
        if (wait > 0) {
            Thread.sleep(wait);
        }
        System.out.println("order trial " + order("ok"));
        System.out.println("step half_open");
        TelemetryApp.awaitFile(dir.resolve("half-open-seen"));

        System.out.println("order trial " + order("ok"));
        System.out.println("step closed-again");
        TelemetryApp.awaitFile(dir.resolve("done-seen"));
    }

    private String order(String kind) {
        return outcome(() -> shop.order(kind));
    }

    private String reserve(int failures) {
        return outcome(() -> shop.reserve(new AtomicInteger(failures)));
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** What the call returned, or the simple name of what it threw. */
    private static String outcome(Call call) {
        try {
            return String.valueOf(call.run());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static Thread start(Call call) {
        Thread t = new Thread(() -> System.out.println("held " + outcome(call)));
        t.setDaemon(true);
        t.start();
        return t;
    }
}
