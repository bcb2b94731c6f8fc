package dev.bulwark.it.app.async;

import dev.bulwark.annotations.Bulkhead;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One slot, and a long wait allowed for it: the first caller holds it until the application lets go. */
public class Slots {
    final List<String> log = new CopyOnWriteArrayList<>();
    final Map<String, String> threads = new ConcurrentHashMap<>();
    final CompletableFuture<String> held = new CompletableFuture<>();

    @Bulkhead(maxConcurrentCalls = 1, maxWaitDuration = "1h")
    public CompletableFuture<String> take(String who) {
        log.add("body " + who);
        threads.put(who, Thread.currentThread().getName());
        return who.equals("first") ? held : CompletableFuture.completedFuture(who + " done");
    }
}
