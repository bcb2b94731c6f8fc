package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Apache HttpClient 5 (classic or async) or OkHttp calling the logical services of {@link BalancedApp}'s
 * configuration. Arguments: {@code apache}, {@code apache-async} or {@code okhttp}, then the three
 * endpoints' ports, then optionally the scenario {@code killed} or {@code retry} (else round-robin, a
 * failing endpoint and, with Apache classic, its return, then no healthy endpoint).
 */
public final class BalancedLibrariesApp {
    private final CloseableHttpClient apache = HttpClients.custom().disableAutomaticRetries().build();
    private final OkHttpClient okHttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final CloseableHttpAsyncClient apacheAsync = HttpAsyncClients.custom().disableAutomaticRetries().build();
    private final String client;
    private final int[] ports = new int[3];
    private final List<String> events = new CopyOnWriteArrayList<>();

    private BalancedLibrariesApp(String client) {
        this.client = client;
        apacheAsync.start();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        BalancedLibrariesApp app = new BalancedLibrariesApp(args[0]);
        for (int i = 0; i < 3; i++) {
            app.ports[i] = Integer.parseInt(args[i + 1]);
        }
        Bulwark.events().subscribe(BulwarkEvent.EndpointChanged.class, c -> {
            String line = "event " + c.service() + " " + app.name(c.endpoint()) + (c.inService() ? " in: " : " out: ")
                    + c.reason();
            app.events.add(line);
            System.out.println(line);
        });
        String label = args[0];
        String scenario = args.length > 4 ? args[4] : "services";
        if (scenario.equals("killed")) {
            app.killed(label);
        } else if (scenario.equals("retry")) {
            app.retry(label);
        } else {
            app.services(label);
        }
        app.apache.close();
        app.apacheAsync.close();
        System.out.println("done");
    }

    private void services(String label) throws Exception {
        spread(label + " round-robin", "rr", 30);
        control(1, "fail");
        spread(label + " while e2 fails", "ejecting", 30);
        if (client.equals("apache")) {
            // e2 was ejected after 3 failures in a row; healed, it returns once its ejection time is over
            awaitEvent(label, "event ejecting e2 out: ejected after 3 failures in a row, for 1s");
            control(1, "heal");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!send("ejecting", "/api").equals("e2") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            spread(label + " after the ejection", "ejecting", 30);
            boolean returned = events.contains("event ejecting e2 in: its ejection time is over");
            System.out.println(label + " returned: " + returned);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String dark = send("dark", "/poll");
        while (!dark.startsWith("rejected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            dark = send("dark", "/poll");
        }
        System.out.println(label + " none: " + dark);
    }

    /** As BalancedApp's retry scenario: e2 and e3 fail every call of random service retrying. */
    private void retry(String label) {
        control(1, "fail");
        control(2, "fail");
        Map<String, Integer> counts = new TreeMap<>(Map.of("e1", 0, "e2", 0, "e3", 0));
        for (int i = 0; i < 60; i++) {
            counts.merge(send("retrying", "/api", "p" + i), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder(label + " retry");
        counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    /** e3 stops while four callers send GETs to round-robin service rr. */
    private void killed(String label) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        Map<String, Integer> counts = new ConcurrentHashMap<>(Map.of("e1", 0, "e2", 0, "e3", 0));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(callers.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    counts.merge(send("rr", "/api"), 1, Integer::sum);
                    if (sent.incrementAndGet() == 80) {
                        control(2, "stop");
                        System.out.println(label + " e3 stopped");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        callers.shutdown();
        int answered = counts.get("e1") + counts.get("e2") + counts.get("e3");
        System.out.println(label + " killed: answered " + answered + " of " + sent.get());
        counts.forEach((k, v) -> {
            if (!k.matches("e[123]")) {
                System.out.println("unexpected: " + v + " x " + k);
            }
        });
    }

    /** e1, e2 or e3 for {@code 127.0.0.1:PORT}. */
    private String name(String endpoint) {
        for (int i = 0; i < 3; i++) {
            if (endpoint.endsWith(":" + ports[i])) {
                return "e" + (i + 1);
            }
        }
        return endpoint;
    }

    /** Asks endpoint {@code i} (0 to 2) to change its behaviour; a plain request, outside any service. */
    private void control(int i, String what) {
        String answer = send("127.0.0.1:" + ports[i], "/control/" + what);
        if (!answer.equals("e" + (i + 1))) {
            throw new IllegalStateException("control " + what + ": " + answer);
        }
    }

    private void awaitEvent(String label, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!events.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println(label + (events.contains(line) ? " saw: " : " never saw: ") + line);
    }

    /** The answering endpoint's name, or what went wrong. */
    private String send(String host, String path) {
        return send(host, path, "-");
    }

    /** As {@link #send(String, String)}, the X-Call header naming the call (so far with Apache classic only). */
    private String send(String host, String path, String call) {
        String url = "http://" + host + path + "?token=" + BalancedApp.SECRET;
        try {
            if (client.equals("apache-async")) {
                SimpleHttpResponse response = apacheAsync.execute(SimpleRequestBuilder.get(url).build(), null)
                        .get(30, TimeUnit.SECONDS);
                return response.getCode() == 200 ? response.getBodyText() : "status " + response.getCode();
            }
            if (client.equals("apache")) {
                HttpGet get = new HttpGet(url);
                get.setHeader("X-Call", call);
                return apache.execute(get, response -> response.getCode() == 200
                        ? EntityUtils.toString(response.getEntity()) : "status " + response.getCode());
            }
            try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
                return response.code() == 200 ? response.body().string() : "status " + response.code();
            }
        } catch (HttpRejectedException e) {
            return "rejected " + e.getMessage();
        } catch (ExecutionException e) {
            return e.getCause() instanceof HttpRejectedException r ? "rejected " + r.getMessage()
                    : "failed " + e.getCause();
        } catch (IOException | InterruptedException | java.util.concurrent.TimeoutException e) {
            return "failed " + e;
        }
    }

    private void spread(String label, String service, int n) {
        Map<String, Integer> counts = new TreeMap<>(Map.of("e1", 0, "e2", 0, "e3", 0));
        for (int i = 0; i < n; i++) {
            counts.merge(send(service, "/api"), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder(label);
        counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }
}
