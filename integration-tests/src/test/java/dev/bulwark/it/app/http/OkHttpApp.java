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
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

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
                r -> System.out.println("event retry " + r.target()));
        try (ScriptedServer server = new ScriptedServer()) {
            OkHttpApp app = new OkHttpApp(server);
            switch (args[0]) {
                case "breaker" -> app.breaker();
                case "bulkhead" -> app.bulkhead();
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

    private String execute(String host, String path) {
        try (Response response = client.newCall(request(host, path)).execute()) {
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
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        client.newCall(request("127.0.0.1", path)).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                String where = Thread.currentThread() == caller ? " on the caller's thread" : " on another thread";
                outcome.complete(e instanceof HttpRejectedException r
                        ? "rejected " + r.getCause().getClass().getSimpleName() + where
                        : "failed " + e.getClass().getSimpleName() + where);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                outcome.complete("status " + response.code());
            }
        });
        return outcome.get(60, TimeUnit.SECONDS);
    }

    /** 5xx open the breaker (404 does not); OkHttp calls are not retried by Bulwark. */
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
