package dev.bulwark.it.app.async;

import dev.bulwark.annotations.Bulwark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A caller of an asynchronous method whose bulkhead is full but allows a long wait: the caller must
 * go on at once, and the method run later, on a Bulwark thread, when the permit comes back. Prints
 * the order things happened in; only the caller gives the permit back, so the order is certain.
 */
public final class WaitingApp {
    private WaitingApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Slots slots = new Slots();
        CompletableFuture<String> first = slots.take("first");
        CompletableFuture<String> second = slots.take("second"); // no permit: up to 1h of waiting allowed
        slots.log.add("caller went on");
        System.out.println("second pending=" + !second.isDone());
        slots.log.add("first released");
        slots.held.complete("first done");
        System.out.println("first=" + first.get(60, TimeUnit.SECONDS));
        System.out.println("second=" + second.get(60, TimeUnit.SECONDS));
        System.out.println("order=" + String.join(", ", slots.log));
        System.out.println("second ran on a Bulwark worker=" + slots.threads.get("second").startsWith("bulwark-async"));
    }
}
