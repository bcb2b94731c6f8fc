package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.it.app.http.ScriptedServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The JDK HttpClient against a scripted loopback server, with the agent attached and no Bulwark
 * annotation at all. Prints facts, one per line; the test asserts them.
 */
public final class JdkHttpApp {
    static final String SECRET = "s3cr3t-token";

    private final ScriptedServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    private JdkHttpApp(ScriptedServer server, String host) {
        this.server = server;
        this.base = "http://" + host + ":" + server.port();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target() + " after attempt " + r.attempt() + " wait "
                        + r.delay().toMillis() + "ms: " + r.cause().getMessage()));
        Bulwark.events().subscribe(BulwarkEvent.CallRejected.class,
                r -> System.out.println("event rejected " + r.kind() + " " + r.target() + ": " + r.reason()));
        try (ScriptedServer server = new ScriptedServer()) {
            JdkHttpApp app = new JdkHttpApp(server, "127.0.0.1");
            switch (args[0]) {
                case "retry" -> app.retry();
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "rate-limiter" -> app.rateLimiter();
                case "timeout" -> app.timeout();
                case "async" -> app.async();
                case "deadline" -> app.deadline();
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path + "?token=" + SECRET)).GET().build();
    }

    private HttpRequest post(String path) {
        return HttpRequest.newBuilder(URI.create(base + path + "?token=" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString("order")).build();
    }

    private String send(HttpRequest request) throws InterruptedException {
        try {
            return "status " + client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                    + e.getMessage();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    private static String outcome(CompletableFuture<HttpResponse<String>> f) throws InterruptedException {
        try {
            return "status " + f.get(60, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpRejectedException r) {
                return "rejected " + r.getCause().getClass().getSimpleName() + " message=" + r.getMessage();
            }
            return "failed " + c.getClass().getSimpleName();
        } catch (java.util.concurrent.TimeoutException e) {
            return "no outcome";
        }
    }

    /** Idempotent requests are retried, others not; Retry-After is honoured within the max wait. */
    private void retry() throws InterruptedException {
        server.script("/flaky", Reply.of(200), Reply.of(503), Reply.of(502));
        System.out.println("GET flaky: " + send(get("/flaky")) + " after " + server.count("/flaky") + " requests");
        server.script("/order", Reply.of(200), Reply.of(503));
        System.out.println("POST order: " + send(post("/order")) + " after " + server.count("/order") + " requests");
        server.script("/busy", Reply.of(200), new Reply(429, "1"));
        System.out.println("GET busy: " + send(get("/busy")) + " after " + server.count("/busy") + " requests");
        server.script("/later", Reply.of(200), new Reply(503, "30"));
        System.out.println("GET later: " + send(get("/later")) + " after " + server.count("/later") + " requests");
        server.script("/missing", Reply.of(404));
        System.out.println("GET missing: " + send(get("/missing")) + " after " + server.count("/missing")
                + " requests");
    }

    /** 5xx open the breaker, 4xx do not; it closes again once the server is healthy. */
    private void breaker() throws InterruptedException {
        JdkHttpApp byName = new JdkHttpApp(server, "localhost"); // another server key: its own breaker
        server.script("/missing", Reply.of(404));
        for (int i = 0; i < 6; i++) {
            byName.send(byName.get("/missing"));
        }
        System.out.println("after 404s: " + byName.send(byName.get("/missing")));
        server.script("/down", Reply.of(500));
        for (int i = 0; i < 4; i++) {
            System.out.println("down " + i + ": " + send(get("/down")));
        }
        System.out.println("while open: " + send(get("/down")));
        System.out.println("requests while open: " + server.count("/down"));
        server.script("/down", Reply.of(200));
        String outcome = "";
        for (int i = 0; i < 300 && !outcome.startsWith("status"); i++) {
            outcome = send(get("/down"));
            if (!outcome.startsWith("status")) {
                Thread.sleep(50); // the breaker waits its open time on the real clock
            }
        }
        System.out.println("after heal: " + outcome);
    }

    /** A second concurrent request to the same server is rejected, sync and async, without blocking. */
    private void bulkhead() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return send(get("/hold"));
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        server.awaitHeld();
        System.out.println("second: " + send(get("/fast")));
        CompletableFuture<HttpResponse<String>> async = client.sendAsync(get("/fast"),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("async failed at once: " + async.isCompletedExceptionally());
        System.out.println("async: " + outcome(async));
        server.release();
        System.out.println("first: " + first.get(60, TimeUnit.SECONDS));
        System.out.println("after release: " + send(get("/fast")));
        System.out.println("fast requests: " + server.count("/fast"));
    }

    private void rateLimiter() throws Exception {
        System.out.println("1: " + send(get("/a")));
        System.out.println("2: " + send(get("/a")));
        System.out.println("3: " + send(get("/a")));
        System.out.println("async: " + outcome(client.sendAsync(get("/a"), HttpResponse.BodyHandlers.ofString())));
        System.out.println("requests: " + server.count("/a"));
    }

    /** A request that outlives its timeout is abandoned with a rejection, sync and async. */
    private void timeout() throws Exception {
        System.out.println("sync: " + send(get("/hold")));
        server.release();
        CompletableFuture<HttpResponse<String>> async = client.sendAsync(get("/hold-async"),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("async: " + outcome(async));
        server.release();
        System.out.println("after: " + send(get("/fast")));
    }

    /** A server that never answers in time: the retries end at the timeout's deadline, sync and async. */
    private void deadline() throws Exception {
        System.out.println("sync: " + send(get("/hold-sync")));
        System.out.println("sync requests: " + server.count("/hold-sync"));
        System.out.println("async: " + outcome(client.sendAsync(get("/hold-async"), HttpResponse.BodyHandlers.ofString())));
        System.out.println("async requests: " + server.count("/hold-async"));
        server.release();
    }

    /** sendAsync returns before the answer, retries without blocking, and never retries a POST. */
    private void async() throws Exception {
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(get("/hold"),
                HttpResponse.BodyHandlers.ofString());
        server.awaitHeld();
        System.out.println("returned before the answer: " + !held.isDone());
        server.release();
        System.out.println("held: " + outcome(held));
        server.script("/flaky", Reply.of(200), Reply.of(503), new Reply(429, "1"));
        System.out.println("GET flaky: " + outcome(client.sendAsync(get("/flaky"), HttpResponse.BodyHandlers.ofString()))
                + " after " + server.count("/flaky") + " requests");
        server.script("/order", Reply.of(200), Reply.of(503));
        System.out.println("POST order: " + outcome(client.sendAsync(post("/order"),
                HttpResponse.BodyHandlers.ofString())) + " after " + server.count("/order") + " requests");
    }
}
