package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.it.app.http.ScriptedServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's HttpURLConnection against a scripted loopback server, with the agent attached and no
 * Bulwark annotation at all. Prints facts, one per line; the test asserts them.
 */
public final class UrlConnectionApp {
    private final ScriptedServer server;

    private UrlConnectionApp(ScriptedServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target()));
        try (ScriptedServer server = new ScriptedServer()) {
            UrlConnectionApp app = new UrlConnectionApp(server);
            switch (args[0]) {
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "timeout" -> app.timeout();
                case "rate-limiter" -> app.rateLimiter();
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }

    private HttpURLConnection open(String host, String path) throws IOException {
        return (HttpURLConnection) new URL("http://" + host + ":" + server.port() + path + "?token="
                + JdkHttpApp.SECRET).openConnection();
    }

    private String get(String path) {
        return get("127.0.0.1", path);
    }

    /** Asks for the status, then reads the body: one request, counted once. */
    private String get(String host, String path) {
        try {
            HttpURLConnection c = open(host, path);
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return "status " + status;
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                    + e.getMessage();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    private void rateLimiter() {
        System.out.println("1: " + get("/a"));
        System.out.println("2: " + get("/a"));
        System.out.println("3: " + get("/a"));
        System.out.println("requests: " + server.count("/a"));
    }

    private String post(String path) {
        try {
            HttpURLConnection c = open("127.0.0.1", path);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write("order".getBytes());
            }
            return "status " + c.getResponseCode();
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    /** 5xx open the breaker, 404 does not count; a request is never sent twice by Bulwark. */
    private void breaker() throws InterruptedException {
        server.script("/missing", Reply.of(404));
        for (int i = 0; i < 6; i++) {
            get("localhost", "/missing"); // another server key: its own breaker
        }
        System.out.println("after 404s: " + get("localhost", "/missing"));
        server.script("/down", Reply.of(500));
        for (int i = 0; i < 3; i++) {
            System.out.println("down " + i + ": " + get("/down"));
        }
        System.out.println("post down: " + post("/down"));
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

    /** A connection without timeouts of its own gets the policy's: a silent server cannot hold it forever. */
    private void timeout() throws IOException {
        HttpURLConnection c = open("127.0.0.1", "/hold");
        System.out.println("before: connect timeout " + c.getConnectTimeout() + " read timeout " + c.getReadTimeout());
        try {
            System.out.println("held: status " + c.getResponseCode());
        } catch (IOException e) {
            System.out.println("held: failed " + e.getClass().getSimpleName() + " read timeout " + c.getReadTimeout());
        }
        server.release();
        HttpURLConnection own = open("127.0.0.1", "/fast");
        own.setReadTimeout(5_000);
        System.out.println("own timeout kept: status " + own.getResponseCode() + " read timeout " + own.getReadTimeout());
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
