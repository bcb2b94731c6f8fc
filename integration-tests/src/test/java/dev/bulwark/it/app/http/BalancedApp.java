package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.HttpRejectedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HttpClient calling logical services ({@code http://rr/...}) whose three endpoints the test
 * runs, each answering with its name. Prints which endpoint answered how often, and the endpoint
 * events; the test asserts them. Arguments: the scenario, then the three endpoints' ports.
 */
public final class BalancedApp {
    static final String SECRET = "s3cr3t-token";

    private final HttpClient client = HttpClient.newHttpClient();
    private final int[] ports = new int[3];
    private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        BalancedApp app = new BalancedApp();
        for (int i = 0; i < 3; i++) {
            app.ports[i] = Integer.parseInt(args[i + 1]);
        }
        Bulwark.events().subscribe(BulwarkEvent.EndpointChanged.class, c -> {
            String line = "event " + c.service() + " " + app.name(c.endpoint()) + (c.inService() ? " in: " : " out: ")
                    + c.reason();
            app.events.add(line);
            System.out.println(line);
        });
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target()));
        switch (args[0]) {
            case "distribution" -> app.distribution();
            case "slow" -> app.slow();
            case "ejection" -> app.ejection();
            case "health" -> app.health();
            case "none" -> app.none();
            case "killed" -> app.killed(false);
            case "killed-async" -> app.killed(true);
            case "retry" -> app.retry();
            case "url-connection" -> app.urlConnection();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
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

    private static HttpRequest get(String service, String path) {
        return get(service, path, "-");
    }

    /** A GET whose {@code X-Call} header names the call, so an endpoint can tell a retry from a new call. */
    private static HttpRequest get(String service, String path, String call) {
        return HttpRequest.newBuilder(URI.create("http://" + service + path + "?token=" + SECRET))
                .header("X-Call", call).GET().build();
    }

    /** The answering endpoint's name, or what went wrong. */
    private String send(String service, String path) throws InterruptedException {
        return send(get(service, path));
    }

    private String send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
        } catch (HttpRejectedException e) {
            return "rejected " + e.getMessage();
        } catch (IOException e) {
            return "failed " + e;
        }
    }

    /** As {@link #send(HttpRequest)}, through {@code sendAsync}. */
    private String sendAsync(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> r = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(60, TimeUnit.SECONDS);
            return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
        } catch (ExecutionException e) {
            return "failed " + e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return "failed " + e;
        }
    }

    /**
     * Sends {@code n} requests one after the other; prints the count per answer as "label e1=.. e2=.. e3=..",
     * and how often an endpoint answered twice in a row as "label repeats=N".
     */
    private Map<String, Integer> spread(String label, String service, String path, int n) throws InterruptedException {
        Map<String, Integer> counts = counts();
        String previous = null;
        int repeats = 0;
        for (int i = 0; i < n; i++) {
            String answer = send(service, path);
            counts.merge(answer, 1, Integer::sum);
            if (answer.equals(previous)) {
                repeats++;
            }
            previous = answer;
        }
        print(label, counts);
        System.out.println(label + " repeats=" + repeats);
        return counts;
    }

    private static Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        counts.put("e1", 0);
        counts.put("e2", 0);
        counts.put("e3", 0);
        return counts;
    }

    private static void print(String label, Map<String, Integer> counts) {
        StringBuilder line = new StringBuilder(label);
        counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    /** Asks endpoint {@code i} (0 to 2) to change its behaviour; a plain request, outside any service. */
    private void control(int i, String what) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i]
                + "/control/" + what)).timeout(java.time.Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("control " + what + ": " + r.statusCode());
        }
    }

    private void awaitEvent(String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!events.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println((events.contains(line) ? "saw: " : "never saw: ") + line);
    }

    private void distribution() throws Exception {
        spread("round-robin", "rr", "/api", 150);
        spread("random", "random", "/api", 150);
        spread("weighted", "weighted", "/api", 150);
        spread("least-connections", "lc", "/api", 150);
        Map<String, Integer> async = counts();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(client.sendAsync(get("rr", "/api"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            async.merge(f.get(30, TimeUnit.SECONDS).body(), 1, Integer::sum);
        }
        print("async round-robin", async);
    }

    /** e1 answers /slow after 600ms, the others at once; eight callers at a time. */
    private void slow() throws Exception {
        for (String strategy : new String[] {"lc", "rr"}) {
            Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>(counts());
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        counts.merge(send(strategy, "/slow"), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();
            print("slow " + strategy, new TreeMap<>(counts));
        }
    }

    /** e2 answers 503 until healed: ejected after 3 in a row, back after its second of ejection. */
    private void ejection() throws Exception {
        control(1, "fail");
        Map<String, Integer> async = counts();
        for (int i = 0; i < 30; i++) {
            String answer;
            try {
                answer = client.sendAsync(get("ejecting", "/api"), HttpResponse.BodyHandlers.ofString())
                        .get(30, TimeUnit.SECONDS).body();
            } catch (ExecutionException e) {
                answer = "failed " + e.getCause();
            }
            async.merge(answer, 1, Integer::sum);
        }
        print("async while e2 fails", async);
        spread("while e2 fails", "ejecting", "/api", 30);
        awaitEvent("event ejecting e2 out: ejected after 3 failures in a row, for 1s");
        control(1, "heal");
        // back once its ejection time is over: 1s, or 2s should a slow machine have outlasted the first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!send("ejecting", "/api").equals("e2") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        spread("after the ejection", "ejecting", "/api", 30);
        System.out.println("returned: " + events.contains("event ejecting e2 in: its ejection time is over"));
    }

    /** e3's health check fails until healed. */
    private void health() throws Exception {
        control(2, "sick");
        awaitEvent("event checked e3 out: failing its health check: HTTP 503");
        spread("while e3 is unhealthy", "checked", "/api", 30);
        control(2, "heal");
        awaitEvent("event checked e3 in: its health checks pass again");
        spread("after e3 recovered", "checked", "/api", 30);
    }

    /**
     * Every endpoint of service dark fails its health check; their first checks may end before this
     * application subscribes to events, so it asks until the service refuses.
     */
    private void none() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!send("dark", "/poll").startsWith("rejected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        System.out.println("sync: " + send("dark", "/api"));
        CompletableFuture<HttpResponse<String>> f = client.sendAsync(get("dark", "/api"),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("async failed at once: " + f.isCompletedExceptionally());
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.out.println("async: " + e.getCause().getClass().getSimpleName() + " " + e.getCause().getMessage());
        }
        System.out.println("took under 5s: " + (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)));
    }

    /** The answering endpoint's name through an HttpURLConnection, or what went wrong. */
    private static String open(String service, String path) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create("http://" + service + path
                    + "?token=" + SECRET).toURL().openConnection();
            int status = c.getResponseCode();
            if (status != 200) {
                return "status " + status;
            }
            try (java.io.InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (HttpRejectedException e) {
            return "rejected " + e.getMessage();
        } catch (IOException e) {
            return "failed " + e;
        }
    }

    /** HttpURLConnection: round-robin, a failing endpoint's 503s retried on another, no healthy endpoint. */
    private void urlConnection() throws Exception {
        Map<String, Integer> counts = counts();
        for (int i = 0; i < 30; i++) {
            counts.merge(open("rr", "/api"), 1, Integer::sum);
        }
        print("url round-robin", counts);
        control(1, "fail");
        counts = counts();
        for (int i = 0; i < 30; i++) {
            counts.merge(open("ejecting", "/api"), 1, Integer::sum);
        }
        print("url while e2 fails", counts);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String dark = open("dark", "/poll");
        while (!dark.startsWith("rejected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            dark = open("dark", "/poll");
        }
        System.out.println("url none: " + dark);
    }

    /**
     * e2 and e3 answer 503 to every request of random service retrying (never ejected); each call may
     * be sent three times, with {@code send} then with {@code sendAsync}, and names itself in X-Call.
     */
    private void retry() throws Exception {
        control(1, "fail");
        control(2, "fail");
        for (boolean async : new boolean[] {false, true}) {
            Map<String, Integer> counts = counts();
            for (int i = 0; i < 60; i++) {
                HttpRequest request = get("retrying", "/api", (async ? "a" : "s") + i);
                counts.merge(async ? sendAsync(request) : send(request), 1, Integer::sum);
            }
            print(async ? "retry sendAsync" : "retry send", counts);
        }
    }

    /** e3 stops while four callers send GETs to round-robin service rr, with {@code send} or {@code sendAsync}. */
    private void killed(boolean async) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>(counts());
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(callers.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    HttpRequest request = get("rr", "/api");
                    counts.merge(async ? sendAsync(request) : send(request), 1, Integer::sum);
                    if (sent.incrementAndGet() == 80) {
                        control(2, "stop");
                        System.out.println("e3 stopped");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();
        int answered = counts.get("e1") + counts.get("e2") + counts.get("e3");
        System.out.println("killed: answered " + answered + " of " + sent.get());
        counts.forEach((k, v) -> {
            if (!k.matches("e[123]")) {
                System.out.println("unexpected: " + v + " x " + k);
            }
        });
    }
}
