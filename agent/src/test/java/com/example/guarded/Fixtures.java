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
        public int calls;

        @Retry(maxAttempts = 3, waitDuration = "0")
        public CompletionStage<String> later() {
            calls++;
            throw new IllegalStateException("async");
        }

        @Retry(maxAttempts = 3, waitDuration = "0")
        public CompletableFuture<String> laterFuture() {
            calls++;
            throw new IllegalStateException("async");
        }
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
