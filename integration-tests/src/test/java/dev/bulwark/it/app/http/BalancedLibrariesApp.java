package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.HttpRejectedException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
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
 * endpoints' ports.
 */
public final class BalancedLibrariesApp {
    private final CloseableHttpClient apache = HttpClients.custom().disableAutomaticRetries().build();
    private final OkHttpClient okHttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final CloseableHttpAsyncClient apacheAsync = HttpAsyncClients.custom().disableAutomaticRetries().build();
    private final String client;
    private final int[] ports = new int[3];

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
        String label = args[0];
        app.spread(label + " round-robin", "rr", 30);
        app.send("127.0.0.1:" + app.ports[1], "/control/fail");
        app.spread(label + " while e2 fails", "ejecting", 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String dark = app.send("dark", "/poll");
        while (!dark.startsWith("rejected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            dark = app.send("dark", "/poll");
        }
        System.out.println(label + " none: " + dark);
        app.apache.close();
        app.apacheAsync.close();
        System.out.println("done");
    }

    /** The answering endpoint's name, or what went wrong. */
    private String send(String host, String path) {
        String url = "http://" + host + path + "?token=" + BalancedApp.SECRET;
        try {
            if (client.equals("apache-async")) {
                SimpleHttpResponse response = apacheAsync.execute(SimpleRequestBuilder.get(url).build(), null)
                        .get(30, TimeUnit.SECONDS);
                return response.getCode() == 200 ? response.getBodyText() : "status " + response.getCode();
            }
            if (client.equals("apache")) {
                return apache.execute(new HttpGet(url), response -> response.getCode() == 200
                        ? EntityUtils.toString(response.getEntity()) : "status " + response.getCode());
            }
            try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
                return response.code() == 200 ? response.body().string() : "status " + response.code();
            }
        } catch (HttpRejectedException e) {
            return "rejected " + e.getMessage();
        } catch (ExecutionException e) {
            return e.getCause() instanceof HttpRejectedException r ? "rejected " + r.getMessage() : "failed " + e.getCause();
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
