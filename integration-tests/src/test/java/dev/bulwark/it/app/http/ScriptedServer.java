package dev.bulwark.it.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback whose answers are scripted per path: a queue of replies, then a
 * steady one. A path can also hold each request until the application releases it. Counts what
 * arrived, so the application can print how many times a request was really sent.
 */
final class ScriptedServer implements AutoCloseable {
    record Reply(int status, String retryAfter) {
        static Reply of(int status) {
            return new Reply(status, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Reply> steady = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code path} with these replies in turn, then with {@code then} for good. */
    ScriptedServer script(String path, Reply then, Reply... first) {
        scripts.put(path, new ConcurrentLinkedQueue<>(java.util.List.of(first)));
        steady.put(path, then);
        return this;
    }

    int count(String path) {
        AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    /** How many requests to {@code path} the server has answered (a held request is answered once released). */
    int answered(String path) {
        AtomicInteger c = answers.get(path);
        return c == null ? 0 : c.get();
    }

    /** Waits until a request to a holding path ({@code /hold...}) has arrived. */
    void awaitHeld() throws InterruptedException {
        held.await();
    }

    /** Lets every held request answer, and arms the next hold. */
    void release() {
        CountDownLatch r = release;
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        r.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/hold")) {
                CountDownLatch r = release;
                held.countDown();
                try {
                    r.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Queue<Reply> q = scripts.get(path);
            Reply reply = q == null ? null : q.poll();
            if (reply == null) {
                reply = steady.getOrDefault(path, Reply.of(200));
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            byte[] text = ("status " + reply.status()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), text.length);
            try {
                exchange.getResponseBody().write(text);
            } finally {
                answers.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
