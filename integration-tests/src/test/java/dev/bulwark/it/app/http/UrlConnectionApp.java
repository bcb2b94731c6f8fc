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
                r -> System.out.println("event retry " + r.target() + " after attempt " + r.attempt() + " wait "
                        + r.delay().toMillis() + "ms: " + r.cause().getMessage()));
        try (ScriptedServer server = new ScriptedServer()) {
            UrlConnectionApp app = new UrlConnectionApp(server);
            switch (args[0]) {
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "timeout" -> app.timeout();
                case "rate-limiter" -> app.rateLimiter();
                case "retry" -> app.retry();
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

    /** A request with a body: {@code method}, written through the connection's output stream. */
    private String send(String method, String path) {
        try {
            HttpURLConnection c = open("127.0.0.1", path);
            c.setRequestMethod(method);
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write("order".getBytes());
            }
            return answer(c);
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    /**
     * What the caller sees of an answered connection: its status and message, a header, and the body
     * of the input or the error stream, as an application reads them after one request.
     */
    private static String answer(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        String body;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            body = in == null ? "none" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return "status " + status + " " + c.getResponseMessage() + ", Retry-After " + c.getHeaderField("Retry-After")
                + ", body '" + body + "'";
    }

    private String fetch(String method, String path) {
        try {
            HttpURLConnection c = open("127.0.0.1", path);
            c.setRequestMethod(method);
            return answer(c);
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    /**
     * Idempotent requests without a body are sent again from the same connection object, and the
     * caller sees the last attempt only; a POST or a request with a body is sent once; Retry-After is
     * honoured within the max wait.
     */
    private void retry() throws Exception {
        server.script("/flaky", Reply.of(200), Reply.of(503), Reply.of(502));
        System.out.println("GET flaky: " + fetch("GET", "/flaky") + " after " + server.count("/flaky") + " requests");
        server.script("/gone", Reply.of(200), Reply.of(503));
        System.out.println("DELETE gone: " + fetch("DELETE", "/gone") + " after " + server.count("/gone")
                + " requests");
        server.script("/order", Reply.of(200), Reply.of(503));
        System.out.println("POST order: " + send("POST", "/order") + " after " + server.count("/order") + " requests");
        server.script("/put", Reply.of(200), Reply.of(503));
        System.out.println("PUT with a body: " + send("PUT", "/put") + " after " + server.count("/put") + " requests");
        server.script("/busy", Reply.of(200), new Reply(429, "1"));
        System.out.println("GET busy: " + fetch("GET", "/busy") + " after " + server.count("/busy") + " requests");
        server.script("/later", Reply.of(200), new Reply(503, "30"));
        System.out.println("GET later: " + fetch("GET", "/later") + " after " + server.count("/later") + " requests");
        server.script("/down", Reply.of(503));
        System.out.println("GET down: " + fetch("GET", "/down") + " after " + server.count("/down") + " requests");
        System.out.println("GET closed: " + closedAfterOneAnswer());
    }

    /**
     * A server that answers 503 once and is gone before the retry: the retry cannot connect, and the
     * caller must see that failure, not the first attempt's 503.
     */
    private static String closedAfterOneAnswer() throws Exception {
        java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try (listener; java.net.Socket s = listener.accept()) {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request's head; it has no body
                }
                listener.close(); // gone before the answer, so no retry can connect
                s.getOutputStream().write(("HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\nConnection: close"
                        + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/once?token="
                + JdkHttpApp.SECRET).openConnection();
        String outcome;
        try {
            outcome = "status " + c.getResponseCode();
        } catch (IOException e) {
            outcome = "failed " + e.getClass().getSimpleName();
        }
        answered.get(60, TimeUnit.SECONDS);
        String again;
        try {
            again = "status " + c.getResponseCode();
        } catch (IOException e) {
            again = "failed " + e.getClass().getSimpleName();
        }
        return outcome + ", asked again: " + again + ", error stream " + c.getErrorStream();
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
