package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.it.app.http.ScriptedServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.util.Timeout;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Apache HttpClient 5 (classic) against a scripted loopback server, with the agent attached and no
 * Bulwark annotation at all. The client's own retries are off, so every request the server counts
 * is one Bulwark made. Prints facts, one per line; the test asserts them.
 */
public final class Apache5App {
    private final ScriptedServer server;
    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build();

    private Apache5App(ScriptedServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target() + " after attempt " + r.attempt() + " wait "
                        + r.delay().toMillis() + "ms: " + r.cause().getMessage()));
        try (ScriptedServer server = new ScriptedServer()) {
            Apache5App app = new Apache5App(server);
            switch (args[0]) {
                case "retry" -> app.retry();
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "rate-limiter" -> app.rateLimiter();
                case "timeout" -> app.timeout();
                default -> throw new IllegalArgumentException(args[0]);
            }
            app.client.close();
        }
        System.out.println("done");
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + server.port() + path + "?token=" + JdkHttpApp.SECRET;
    }

    private String send(ClassicHttpRequest request) {
        try {
            return client.execute(request, response -> {
                EntityUtils.consume(response.getEntity());
                return "status " + response.getCode();
            });
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                    + e.getMessage();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    private String get(String path) {
        return send(new HttpGet(url("127.0.0.1", path)));
    }

    private void retry() {
        server.script("/flaky", Reply.of(200), Reply.of(503), Reply.of(502));
        System.out.println("GET flaky: " + get("/flaky") + " after " + server.count("/flaky") + " requests");
        HttpPost post = new HttpPost(url("127.0.0.1", "/order"));
        post.setEntity(new StringEntity("order"));
        server.script("/order", Reply.of(200), Reply.of(503));
        System.out.println("POST order: " + send(post) + " after " + server.count("/order") + " requests");
        HttpPut stream = new HttpPut(url("127.0.0.1", "/stream"));
        stream.setEntity(new InputStreamEntity(new ByteArrayInputStream("order".getBytes(StandardCharsets.UTF_8)),
                ContentType.TEXT_PLAIN)); // a stream is read once: not repeatable
        server.script("/stream", Reply.of(200), Reply.of(503));
        System.out.println("PUT stream: " + send(stream) + " after " + server.count("/stream") + " requests");
        server.script("/busy", Reply.of(200), new Reply(429, "1"));
        System.out.println("GET busy: " + get("/busy") + " after " + server.count("/busy") + " requests");
        server.script("/later", Reply.of(200), new Reply(503, "30"));
        System.out.println("GET later: " + get("/later") + " after " + server.count("/later") + " requests");
        server.script("/missing", Reply.of(404));
        System.out.println("GET missing: " + get("/missing") + " after " + server.count("/missing") + " requests");
    }

    private void breaker() throws InterruptedException {
        server.script("/missing", Reply.of(404));
        for (int i = 0; i < 6; i++) {
            send(new HttpGet(url("localhost", "/missing"))); // another server key: its own breaker
        }
        System.out.println("after 404s: " + send(new HttpGet(url("localhost", "/missing"))));
        server.script("/down", Reply.of(500));
        for (int i = 0; i < 4; i++) {
            System.out.println("down " + i + ": " + get("/down"));
        }
        System.out.println("while open: " + get("/down"));
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

    private void rateLimiter() {
        System.out.println("1: " + get("/a"));
        System.out.println("2: " + get("/a"));
        System.out.println("3: " + get("/a"));
        System.out.println("requests: " + server.count("/a"));
    }

    /**
     * A request past its timeout is cancelled: the caller has the rejection while the server still
     * holds it, each retry cancelled in turn. The client waits for answers without a limit of its
     * own, so without the cancel no outcome would come before the server answers.
     */
    private void timeout() throws Exception {
        HttpGet held = new HttpGet(url("127.0.0.1", "/hold"));
        held.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build());
        CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> send(held));
        String line;
        try {
            line = outcome.get(60, TimeUnit.SECONDS) + " (answered " + server.answered("/hold") + " of "
                    + server.count("/hold") + ")";
        } catch (java.util.concurrent.TimeoutException e) {
            line = "no outcome while the server held the request";
        }
        System.out.println("sync: " + line);
        server.release();
        System.out.println("after: " + get("/fast"));
    }

    private void bulkhead() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> get("/hold"));
        server.awaitHeld();
        System.out.println("second: " + get("/fast"));
        server.release();
        System.out.println("first: " + first.get(60, TimeUnit.SECONDS));
        System.out.println("after release: " + get("/fast"));
        System.out.println("fast requests: " + server.count("/fast"));
    }
}
