package dev.bulwark.benchmarks.startup;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small application of startup.sh: prices a few thousand orders through guarded methods, then
 * prints when its main ended (epoch nanos) and its peak resident memory so far (VmHWM), on one line:
 * {@code startup-probe end-epoch-nanos=... vm-hwm-kb=...}. With no agent the annotations are inert.
 */
public final class StartupApp {
    private StartupApp() {
    }

    public static void main(String[] args) throws IOException {
        Prices prices = new Prices();
        Map<String, Long> totals = new TreeMap<>();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            skus.add(String.format("SKU-%03d", i));
        }
        int failures = 0;
        for (int order = 0; order < 5_000; order++) {
            String sku = skus.get(order % skus.size());
            try {
                totals.merge(sku, prices.price(sku, order), Long::sum);
            } catch (IllegalStateException unavailable) {
                failures++;
            }
        }
        System.out.println("priced " + totals.size() + " SKUs, " + failures + " failures, first "
                + totals.entrySet().iterator().next());
        Instant end = Instant.now();
        long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
        System.out.println("startup-probe end-epoch-nanos=" + endNanos + " vm-hwm-kb=" + peakRssKb());
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** A price service with the usual protection; one call in a hundred fails. */
    public static class Prices {
        @Retry(maxAttempts = 2, waitDuration = "0")
        @CircuitBreaker
        @Bulkhead
        public long price(String sku, int order) {
            if (order % 100 == 99) {
                throw new IllegalStateException("price service unavailable for " + sku);
            }
            return sku.hashCode() % 1000 + order % 7;
        }
    }
}
