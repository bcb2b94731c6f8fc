package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.it.app.http.ScriptedServer.Reply;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * Apache HttpClient 5 async against a scripted loopback server, with the agent attached and no
 * Bulwark annotation. The client's own retries are off. Every request's callback outcome is kept,
 * so the test can check that a rejection reaches the callback as well as the future. Prints facts,
 * one per line.
 */
public final class Apache5AsyncApp {
    private final ScriptedServer server;
    private final CloseableHttpAsyncClient client = HttpAsyncClients.custom().disableAutomaticRetries().build();
    private final Queue<String> callbacks = new ConcurrentLinkedQueue<>();

    private Apache5AsyncApp(ScriptedServer server) {
        this.server = server;
        client.start();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target() + " after attempt " + r.attempt() + " wait "
                        + r.delay().toMillis() + "ms: " + r.cause().getMessage()));
        try (ScriptedServer server = new ScriptedServer()) {
            Apache5AsyncApp app = new Apache5AsyncApp(server);
            switch (args[0]) {
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "timeout" -> app.timeout();
                case "rate-limiter" -> app.rateLimiter();
                case "retry" -> app.retry();
                default -> throw new IllegalArgumentException(args[0]);
            }
            app.client.close();
        }
        System.out.println("done");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path + "?token=" + JdkHttpApp.SECRET;
    }

    private Future<SimpleHttpResponse> execute(String path) {
        return execute(SimpleRequestBuilder.get(url(path)).build());
    }

    private Future<SimpleHttpResponse> execute(SimpleHttpRequest request) {
        return execute(SimpleRequestProducer.create(request));
    }

    private Future<SimpleHttpResponse> execute(AsyncRequestProducer request) {
        return client.execute(request, SimpleResponseConsumer.create(), new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                callbacks.add("completed " + response.getCode());
            }

            @Override
            public void failed(Exception e) {
                callbacks.add("failed " + e.getClass().getSimpleName());
            }

            @Override
            public void cancelled() {
                callbacks.add("cancelled");
            }
        });
    }

    private static String outcome(Future<SimpleHttpResponse> future) throws InterruptedException {
        try {
            return "status " + future.get(60, TimeUnit.SECONDS).getCode();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpRejectedException r) {
                return "rejected " + r.getCause().getClass().getSimpleName() + " server=" + r.server() + " message="
                        + r.getMessage();
            }
            return "failed " + e.getCause().getClass().getSimpleName();
        } catch (java.util.concurrent.TimeoutException e) {
            return "no outcome in 60s";
        }
    }

    /** The callbacks once {@code n} have run: a future's waiter may wake before its callback has run. */
    private java.util.List<String> callbacks(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (callbacks.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return java.util.List.copyOf(callbacks);
    }

    private String get(String path) throws InterruptedException {
        return outcome(execute(path));
    }

    private void breaker() throws InterruptedException {
        server.script("/down", Reply.of(500));
        for (int i = 0; i < 4; i++) {
            System.out.println("down " + i + ": " + get("/down"));
        }
        Future<SimpleHttpResponse> rejected = execute("/down");
        System.out.println("rejected at once: " + rejected.isDone());
        System.out.println("while open: " + outcome(rejected));
        System.out.println("rejections in callbacks: "
                + callbacks(5).stream().filter("failed HttpRejectedException"::equals).count());
        System.out.println("requests while open: " + server.count("/down"));
        server.script("/down", Reply.of(200));
        String outcome = "";
        for (int i = 0; i < 300 && !outcome.startsWith("status"); i++) {
            outcome = get("/down");
            if (!outcome.startsWith("status")) {
                Thread.sleep(50); // the breaker waits its open time on the real clock
            }
        }
        System.out.println("after heal: " + outcome);
    }

    private void bulkhead() throws Exception {
        Future<SimpleHttpResponse> first = execute("/hold");
        server.awaitHeld();
        // The caller's thread got its future back while the server still holds the request: async.
        System.out.println("first pending while held: " + !first.isDone());
        Future<SimpleHttpResponse> second = execute("/fast");
        System.out.println("second done at once: " + second.isDone());
        System.out.println("second: " + outcome(second));
        server.release();
        System.out.println("first: " + outcome(first));
        System.out.println("after release: " + get("/fast"));
        System.out.println("fast requests: " + server.count("/fast"));
        System.out.println("callbacks: " + String.join(", ", callbacks(3).stream().sorted().toList()));
    }

    private void rateLimiter() throws InterruptedException {
        System.out.println("1: " + get("/a"));
        System.out.println("2: " + get("/a"));
        Future<SimpleHttpResponse> third = execute("/a");
        System.out.println("3 done at once: " + third.isDone());
        System.out.println("3: " + outcome(third));
        System.out.println("requests: " + server.count("/a"));
        System.out.println("callbacks: " + String.join(", ", callbacks(3).stream().sorted().toList()));
    }

    private void timeout() throws Exception {
        Future<SimpleHttpResponse> held = execute("/hold");
        System.out.println("held: " + outcome(held));
        server.release();
        System.out.println("callback: " + callbacks(1).get(0));
        System.out.println("after: " + get("/fast"));
    }

    /**
     * Idempotent requests are retried on Bulwark's threads, a POST or a body that cannot be produced
     * again is not; Retry-After is honoured within the max wait; each callback runs once, with the
     * last attempt's outcome.
     */
    private void retry() throws InterruptedException {
        server.script("/flaky", Reply.of(200), Reply.of(503), Reply.of(502));
        Future<SimpleHttpResponse> flaky = execute("/flaky");
        System.out.println("GET flaky pending at once: " + !flaky.isDone());
        System.out.println("GET flaky: " + outcome(flaky) + " after " + server.count("/flaky") + " requests");
        server.script("/order", Reply.of(200), Reply.of(503));
        System.out.println("POST order: " + outcome(execute(SimpleRequestBuilder.post(url("/order"))
                .setBody("order", ContentType.TEXT_PLAIN).build())) + " after " + server.count("/order") + " requests");
        server.script("/stream", Reply.of(200), Reply.of(503));
        AsyncRequestProducer once = new BasicRequestProducer(SimpleRequestBuilder.put(url("/stream")).build(),
                new StringAsyncEntityProducer("order", ContentType.TEXT_PLAIN) {
                    @Override
                    public boolean isRepeatable() {
                        return false; // as a body read from a stream
                    }
                });
        System.out.println("PUT once: " + outcome(execute(once)) + " after " + server.count("/stream") + " requests");
        server.script("/busy", Reply.of(200), new Reply(429, "1"));
        System.out.println("GET busy: " + get("/busy") + " after " + server.count("/busy") + " requests");
        server.script("/later", Reply.of(200), new Reply(503, "30"));
        System.out.println("GET later: " + get("/later") + " after " + server.count("/later") + " requests");
        System.out.println("callbacks: " + String.join(", ", callbacks(5).stream().sorted().toList()));
    }
}
