package dev.bulwark.it.app.async;

import dev.bulwark.annotations.Bulwark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Prints what the caller of each asynchronous method saw, one fact per line. */
public final class AsyncApp {
    private AsyncApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Quotes quotes = new Quotes();
        CompletableFuture<String> quote = quotes.quote("ACME");
        System.out.println("returned at once=" + !quote.isDone());
        System.out.println("quote=" + quote.get(30, TimeUnit.SECONDS) + " attempts=" + quotes.attempts.get());

        CompletableFuture<String> stuck = quotes.stuck().toCompletableFuture();
        System.out.println("stuck=" + outcome(stuck) + " stage cancelled=" + quotes.hanging.isCancelled());

        System.out.println("down 1=" + outcome(quotes.down().toCompletableFuture()));
        System.out.println("down 2=" + outcome(quotes.down().toCompletableFuture()));
        System.out.println("down 3=" + outcome(quotes.down().toCompletableFuture()) + " body ran=" + quotes.downCalls.get());
        System.out.println("fallback=" + quotes.downWithFallback().toCompletableFuture().get(30, TimeUnit.SECONDS)
                + " body ran=" + quotes.downCalls.get());
    }

    private static String outcome(CompletableFuture<String> f) throws InterruptedException {
        try {
            return "value " + f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "failed " + e.getCause().getClass().getSimpleName();
        } catch (java.util.concurrent.TimeoutException e) {
            return "never completed";
        }
    }
}
