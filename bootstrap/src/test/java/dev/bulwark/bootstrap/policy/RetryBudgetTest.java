package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private static RetryBudget budgetWithCalls(int calls) {
        RetryBudget budget = new RetryBudget("payments", RetryBudgetRules.defaults());
        for (int i = 0; i < calls; i++) {
            budget.onCallStart();
        }
        return budget;
    }

    private static int acquire(RetryBudget budget, int times) {
        int granted = 0;
        for (int i = 0; i < times; i++) {
            if (budget.tryAcquireRetry()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void withFewCallsInFlightTheMinimumConcurrencyWins() {
        RetryBudget budget = budgetWithCalls(10);
        // 20% of 10 is 2; the minimum of 3 wins.
        assertEquals(3, acquire(budget, 10));
        assertEquals(3, budget.retriesInFlight());
        assertEquals(7, budget.exhaustedCount());
    }

    @Test
    void withManyCallsInFlightThePercentageWins() {
        RetryBudget budget = budgetWithCalls(100);
        assertEquals(20, acquire(budget, 20));
        assertFalse(budget.tryAcquireRetry(), "the 21st retry");
        assertEquals(1, budget.exhaustedCount());
        assertEquals(20, budget.retriesPermitted());
    }

    @Test
    void theBudgetRoundsDown() {
        RetryBudget budget = budgetWithCalls(109);
        // 20% of 109 is 21.8.
        assertEquals(21, acquire(budget, 30));
    }

    @Test
    void releasingARetryLetsAnotherIn() {
        RetryBudget budget = budgetWithCalls(100);
        acquire(budget, 20);
        assertFalse(budget.tryAcquireRetry());
        budget.releaseRetry();
        assertTrue(budget.tryAcquireRetry());
        assertEquals(20, budget.retriesInFlight());
        assertEquals(21, budget.retriesPermitted());
    }

    @Test
    void callsEndingShrinkTheBudget() {
        RetryBudget budget = budgetWithCalls(100);
        acquire(budget, 20);
        for (int i = 0; i < 50; i++) {
            budget.onCallEnd();
        }
        budget.releaseRetry();
        assertFalse(budget.tryAcquireRetry(), "19 in flight against a budget of 10");
        assertEquals(50, budget.callsInFlight());
    }

    @Test
    void aZeroMinimumAllowsNoRetryWithoutCalls() {
        RetryBudget budget = new RetryBudget("quiet", new RetryBudgetRules(20, 0));
        assertFalse(budget.tryAcquireRetry());
        assertEquals(1, budget.exhaustedCount());
    }

    @Test
    void endsWithoutStartsNeverWidenTheBudget() {
        RetryBudget budget = budgetWithCalls(0);
        budget.onCallEnd();
        budget.releaseRetry();
        assertEquals(0, budget.callsInFlight());
        assertEquals(0, budget.retriesInFlight());
        assertEquals(3, acquire(budget, 10));
    }

    @Test
    void reconfigureAppliesTheNewBoundToTheNextRetry() {
        RetryBudget budget = budgetWithCalls(100);
        acquire(budget, 20);
        budget.reconfigure(new RetryBudgetRules(50, 3));
        assertEquals(30, acquire(budget, 40));
        budget.reconfigure(new RetryBudgetRules(10, 3));
        assertFalse(budget.tryAcquireRetry());
        assertEquals(50, budget.retriesInFlight(), "retries in flight stay");
    }

    @Test
    void retriesInFlightNeverExceedTheBoundUnderManyThreads() throws Exception {
        RetryBudget budget = budgetWithCalls(100);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        int threads = 16;
        int attempts = 5_000;
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < attempts; i++) {
                    if (budget.tryAcquireRetry()) {
                        try {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                        } finally {
                            inside.decrementAndGet();
                            budget.releaseRetry();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(maxInside.get() <= 20, "max retries in flight " + maxInside.get());
        assertEquals((long) threads * attempts, budget.retriesPermitted() + budget.exhaustedCount());
        assertEquals(0, budget.retriesInFlight());
    }

    @Test
    void defaultsAreEnvoys() {
        assertEquals(new RetryBudgetRules(20, 3), RetryBudgetRules.defaults());
    }

    @Test
    void rulesOutOfRangeAreRefusedWithClearMessages() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new RetryBudgetRules(0, 3));
        assertEquals("budgetPercent = 0.0 is not allowed; allowed: a percentage above 0 and at most 100",
                e.getMessage());
        assertEquals("budgetPercent", assertThrows(InvalidRuleException.class,
                () -> new RetryBudgetRules(100.5, 3)).attribute());
        assertEquals("budgetPercent", assertThrows(InvalidRuleException.class,
                () -> new RetryBudgetRules(Double.NaN, 3)).attribute());
        e = assertThrows(InvalidRuleException.class, () -> new RetryBudgetRules(20, -1));
        assertEquals("minRetryConcurrency = -1 is not allowed; allowed: an integer of at least 0", e.getMessage());
    }
}
