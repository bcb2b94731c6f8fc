package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import dev.bulwark.it.app.http.ScriptedServer.Reply;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * OkHttp against a scripted loopback server, with the agent attached and no Bulwark annotation at
 * all. Prints facts, one per line; the test asserts them.
 */
public final class OkHttpApp {
    private final ScriptedServer server;
    private final OkHttpClient client = new OkHttpClient();

    private OkHttpApp(ScriptedServer server) {
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
            OkHttpApp app = new OkHttpApp(server);
            switch (args[0]) {
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
                case "retry" -> app.retry();
                case "rate-limiter" -> app.rateLimiter();
                case "timeout" -> app.timeout();
                default -> throw new IllegalArgumentException(args[0]);
            }
            app.client.dispatcher().executorService().shutdown();
            app.client.connectionPool().evictAll();
        }
        System.out.println("done");
    }

    private Request request(String host, String path) {
        return new Request.Builder().url("http://" + host + ":" + server.port() + path + "?token=" + JdkHttpApp.SECRET)
                .build();
    }

    private Request post(String path, RequestBody body) {
        return new Request.Builder().url("http://127.0.0.1:" + server.port() + path + "?token=" + JdkHttpApp.SECRET)
                .post(body).build();
    }

    private Request put(String path, RequestBody body) {
        return new Request.Builder().url("http://127.0.0.1:" + server.port() + path + "?token=" + JdkHttpApp.SECRET)
                .put(body).build();
    }

    /** A body that can be written once only, like a stream's. */
    private static RequestBody oneShot() {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("text/plain");
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8("order");
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    private String execute(String host, String path) {
        return execute(request(host, path));
    }

    private String execute(Request request) {
        try (Response response = client.newCall(request).execute()) {
            response.body().string();
            return "status " + response.code();
        } catch (HttpRejectedException e) {
            return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                    + e.getMessage();
        } catch (IOException e) {
            return "failed " + e.getClass().getSimpleName();
        }
    }

    private String get(String path) {
        return execute("127.0.0.1", path);
    }

    /** enqueue: the outcome arrives in the callback, on OkHttp's dispatcher thread. */
    private String enqueue(String path) throws Exception {
        return enqueued(request("127.0.0.1", path)).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<String> enqueued(Request request) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                String where = Thread.currentThread() == caller ? " on the caller's thread" : " on another thread";
                outcome.complete(e instanceof HttpRejectedException r
                        ? "rejected " + r.getCause().getClass().getSimpleName() + where + " message=" + r.getMessage()
                        : "failed " + e.getClass().getSimpleName() + where);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                outcome.complete("status " + response.code());
            }
        });
        return outcome;
    }

    /**
     * Idempotent calls are retried, execute and enqueue alike; a POST or a one-shot body is not;
     * Retry-After is honoured within the max wait; enqueue returns before the answer.
     */
    private void retry() throws Exception {
        for (String way : new String[] {"execute", "enqueue"}) {
            String p = "/" + way;
            server.script(p + "/flaky", Reply.of(200), Reply.of(503), Reply.of(502));
            System.out.println(way + " GET flaky: " + call(way, request("127.0.0.1", p + "/flaky")) + " after "
                    + server.count(p + "/flaky") + " requests");
            server.script(p + "/order", Reply.of(200), Reply.of(503));
            System.out.println(way + " POST order: " + call(way, post(p + "/order", RequestBody.create("order",
                    MediaType.get("text/plain")))) + " after " + server.count(p + "/order") + " requests");
            server.script(p + "/stream", Reply.of(200), Reply.of(503));
            System.out.println(way + " PUT one-shot: " + call(way, put(p + "/stream", oneShot())) + " after "
                    + server.count(p + "/stream") + " requests");
            server.script(p + "/busy", Reply.of(200), new Reply(429, "1"));
            System.out.println(way + " GET busy: " + call(way, request("127.0.0.1", p + "/busy")) + " after "
                    + server.count(p + "/busy") + " requests");
            server.script(p + "/later", Reply.of(200), new Reply(503, "30"));
            System.out.println(way + " GET later: " + call(way, request("127.0.0.1", p + "/later")) + " after "
                    + server.count(p + "/later") + " requests");
        }
        CompletableFuture<String> held = enqueued(request("127.0.0.1", "/hold"));
        server.awaitHeld();
        System.out.println("enqueue returned before the answer: " + !held.isDone());
        server.release();
        System.out.println("held: " + held.get(60, TimeUnit.SECONDS));
    }

    private String call(String way, Request request) throws Exception {
        return way.equals("execute") ? execute(request) : enqueued(request).get(60, TimeUnit.SECONDS);
    }

    private void rateLimiter() throws Exception {
        System.out.println("1: " + get("/a"));
        System.out.println("2: " + get("/a"));
        System.out.println("3: " + get("/a"));
        System.out.println("enqueued: " + enqueue("/a"));
        System.out.println("requests: " + server.count("/a"));
    }

    /**
     * A call past its timeout is cancelled: the caller has the rejection while the server still holds
     * the request. The client waits for answers without a limit of its own, so without the cancel no
     * outcome would come before the server answers.
     */
    private void timeout() throws Exception {
        OkHttpClient patient = client.newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
        CompletableFuture<String> executed = CompletableFuture.supplyAsync(() -> {
            try (Response response = patient.newCall(request("127.0.0.1", "/hold")).execute()) {
                return "status " + response.code();
            } catch (HttpRejectedException e) {
                return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                        + e.getMessage();
            } catch (IOException e) {
                return "failed " + e.getClass().getSimpleName();
            }
        });
        System.out.println("execute: " + beforeTheAnswer(executed, "/hold"));
        server.release();
        CompletableFuture<String> enqueued = new CompletableFuture<>();
        patient.newCall(request("127.0.0.1", "/hold-async")).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                enqueued.complete(e instanceof HttpRejectedException r
                        ? "rejected " + r.getCause().getClass().getSimpleName() + " message=" + r.getMessage()
                        : "failed " + e.getClass().getSimpleName());
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                enqueued.complete("status " + response.code());
            }
        });
        System.out.println("enqueue: " + beforeTheAnswer(enqueued, "/hold-async"));
        server.release();
        System.out.println("after: " + get("/fast"));
        patient.dispatcher().executorService().shutdown();
    }

    /** The outcome of a call to a held path, and how many of its requests the server had answered by then. */
    private String beforeTheAnswer(CompletableFuture<String> outcome, String path) throws Exception {
        try {
            String o = outcome.get(30, TimeUnit.SECONDS); // two of these fit in the JVM's time
            return o + " (answered " + server.answered(path) + " of " + server.count(path) + ")";
        } catch (java.util.concurrent.TimeoutException e) {
            return "no outcome while the server held the request";
        }
    }

    /** 5xx open the breaker (404 does not). */
    private void breaker() throws Exception {
        server.script("/missing", Reply.of(404));
        for (int i = 0; i < 6; i++) {
            execute("localhost", "/missing"); // another server key: its own breaker
        }
        System.out.println("after 404s: " + execute("localhost", "/missing"));
        server.script("/down", Reply.of(500));
        for (int i = 0; i < 3; i++) {
            System.out.println("down " + i + ": " + get("/down"));
        }
        System.out.println("enqueued down: " + enqueue("/down"));
        System.out.println("while open: " + get("/down"));
        System.out.println("enqueued while open: " + enqueue("/down"));
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
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> get("/hold"));
        server.awaitHeld();
        System.out.println("second: " + get("/fast"));
        server.release();
        System.out.println("first: " + first.get(60, TimeUnit.SECONDS));
        System.out.println("after release: " + get("/fast"));
        System.out.println("fast requests: " + server.count("/fast"));
    }
}
