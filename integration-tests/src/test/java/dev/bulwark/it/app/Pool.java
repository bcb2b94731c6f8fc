package dev.bulwark.it.app;

import dev.bulwark.annotations.Bulkhead;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class Pool {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxSeen = new AtomicInteger();

    @Bulkhead(name = "pool", maxConcurrentCalls = 2)
    public void hold(CountDownLatch entered, CountDownLatch release) {
        maxSeen.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            entered.countDown();
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inside.decrementAndGet();
        }
    }
}
