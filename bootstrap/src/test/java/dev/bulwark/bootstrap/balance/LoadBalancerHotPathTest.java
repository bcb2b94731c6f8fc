package dev.bulwark.bootstrap.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import dev.bulwark.bootstrap.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The balancer on the request path: nothing allocated, and its counts stay whole under many threads. */
class LoadBalancerHotPathTest {
    private final ManualClock clock = new ManualClock();

    private LoadBalancer balancer(Strategy strategy, OutlierRules outliers) {
        List<Endpoint> endpoints = List.of(new Endpoint("10.0.0.1", 80, 3), new Endpoint("10.0.0.2", 80, 1),
                new Endpoint("10.0.0.3", 80, 2), new Endpoint("10.0.0.4", 80, 1));
        return new LoadBalancer("orders", strategy, endpoints, outliers, clock, null);
    }

    @Test
    void choosingAndEndingARequestAllocatesNothing() {
        for (Strategy s : Strategy.values()) {
            LoadBalancer lb = balancer(s, OutlierRules.defaults());
            Endpoint avoid = lb.endpoints().get(1);
            assertEquals(0, Allocation.bytesPerCall(() -> lb.onEnd(lb.choose(null), false)), s.key());
            assertEquals(0, Allocation.bytesPerCall(() -> lb.onEnd(lb.choose(avoid), false)), s.key() + " retry");
            long tried = lb.tried(lb.tried(0, lb.endpoints().get(0)), avoid);
            assertEquals(0, Allocation.bytesPerCall(() -> lb.onEnd(lb.choose(avoid, tried), false)),
                    s.key() + " retry after two");
            lb.healthChecked(lb.endpoints().get(2), "HTTP 503");
            assertEquals(0, Allocation.bytesPerCall(() -> lb.onEnd(lb.choose(null), false)), s.key() + " one out");
            assertEquals(0, Allocation.bytesPerCall(() -> lb.onEnd(lb.choose(avoid, tried), false)),
                    s.key() + " retry with one out");
        }
    }

    @Test
    void manyThreadsLeaveNoRequestInFlightAndNeverEjectMoreThanAllowed() throws Exception {
        for (Strategy s : Strategy.values()) {
            LoadBalancer lb = balancer(s, new OutlierRules(2, 1_000, 4_000, 50));
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        Endpoint e = lb.choose(null);
                        // endpoints 1 and 2 always fail; the clock moves so ejections end and recur
                        boolean failed = e.key().endsWith(".1:80") || e.key().endsWith(".2:80");
                        if ((i + seed) % 97 == 0) {
                            clock.advanceNanos(500);
                        }
                        lb.onEnd(e, failed);
                        assertTrue(lb.ejectedCount() <= 2, "at most 50% of 4 out");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            for (Endpoint e : lb.endpoints()) {
                assertEquals(0, e.inFlight(), s.key() + " " + e);
            }
            assertTrue(lb.endpoints().get(0).ejections() > 0, s.key() + ": the failing endpoint was ejected");
        }
    }
}
