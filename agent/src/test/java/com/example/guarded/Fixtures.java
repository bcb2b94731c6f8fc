package com.example.guarded;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Classes the instrumentation tests transform; outside dev.bulwark.agent, which the agent never touches. */
public final class Fixtures {
    private Fixtures() {
    }

    public static class Breaking {
        public int calls;

        @CircuitBreaker(name = "fixture-breaker", slidingWindowSize = 2, minimumNumberOfCalls = 2,
                waitDurationInOpenState = "1h")
        public void fail() {
            calls++;
            throw new IllegalStateException("down");
        }
    }

    public static class Retrying {
        public int calls;

        @Retry(name = "fixture-retry", maxAttempts = 3, waitDuration = "0")
        @Bulkhead(name = "fixture-bulkhead", maxConcurrentCalls = 1)
        public int succeedOnThird() {
            calls++;
            if (calls < 3) {
                throw new IllegalStateException("attempt " + calls);
            }
            return calls;
        }
    }

    public static class Async {
        public final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        public volatile CompletableFuture<String> hanging;

        /** Throws before any stage exists: the caller still gets a failed future, after three attempts. */
        @Retry(maxAttempts = 3, waitDuration = "0")
        public CompletionStage<String> later() {
            calls.incrementAndGet();
            throw new IllegalStateException("async");
        }

        /** Fails through its stage twice, then succeeds. */
        @Retry(maxAttempts = 3, waitDuration = "10ms")
        public CompletableFuture<String> laterFuture(String value) {
            return calls.incrementAndGet() < 3 ? CompletableFuture.failedFuture(new IllegalStateException("stage"))
                    : CompletableFuture.supplyAsync(() -> value);
        }

        /** Never completes; the timeout completes the caller's future instead and cancels this one. */
        @dev.bulwark.annotations.Timeout("50ms")
        public CompletionStage<String> hangs() {
            hanging = new CompletableFuture<>();
            return hanging;
        }

        @CircuitBreaker(name = "fixture-async-breaker", slidingWindowSize = 2, minimumNumberOfCalls = 2,
                waitDurationInOpenState = "1h")
        @dev.bulwark.annotations.Fallback(method = "cached")
        public CompletionStage<String> withFallback(String key) {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }

        private CompletionStage<String> cached(String key, Throwable failure) {
            return CompletableFuture.completedFuture("cached " + key + " after " + failure.getClass().getSimpleName());
        }

        /** Returns another stage type: left unchanged. */
        @Retry(maxAttempts = 3, waitDuration = "0")
        public MyStage<String> ownStage() {
            calls.incrementAndGet();
            throw new IllegalStateException("own stage");
        }
    }

    /** A CompletableFuture subclass Bulwark cannot stand in for. */
    public static class MyStage<T> extends CompletableFuture<T> {
    }

    public static class Plain {
        public int calls;

        public void fail() {
            calls++;
            throw new IllegalStateException("plain");
        }
    }

    /** No annotation at all: guarded only because the test's rules name it. */
    public static class ByRule {
        public int calls;

        public void call() {
            calls++;
            throw new IllegalStateException("by rule");
        }

        public void untouched() {
            calls++;
            throw new IllegalStateException("not named");
        }
    }

    /** Its breaker is tightened by a reload in the test. */
    public static class Reloaded {
        public int calls;

        @CircuitBreaker(name = "fixture-reloaded", slidingWindowSize = 4, minimumNumberOfCalls = 4,
                failureRateThreshold = 100, waitDurationInOpenState = "1h")
        public void call(boolean fail) {
            calls++;
            if (fail) {
                throw new IllegalStateException("down");
            }
        }
    }

    /** Loaded before any rule names it; a reload then adds a rule for it. */
    public static class NamedLater {
        public int calls;

        public void call() {
            calls++;
            throw new IllegalStateException("named later");
        }
    }
}
