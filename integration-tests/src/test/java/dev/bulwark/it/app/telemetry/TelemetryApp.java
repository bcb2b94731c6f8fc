package dev.bulwark.it.app.telemetry;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.annotations.Bulwark;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Scenarios for TelemetryIT. {@code export}: statements against an H2 database whose URL holds a
 * password, then a breaker that opens; then it lives on for {@code args[1]} ms so exports happen.
 * {@code health}: the breaker opens, waits for the file {@code args[1]}/open-seen, closes the
 * breaker, and waits for {@code args[1]}/closed-seen. {@code idle}: lives for {@code args[1]} ms, or
 * until the file {@code args[1]} exists (at most 60 s).
 * {@code http}: requests through the JDK's HttpClient, HttpURLConnection and the application's own
 * OkHttp to a loopback server (URLs with a password and a token in them), and one to a closed port;
 * then lives for {@code args[1]} ms. {@code pool}: two borrowers time out on a pool of one connection
 * whose URL holds a password, then it lives for {@code args[1]} ms. {@code policies}: every policy
 * in steps that the test releases, see {@link PolicyScenario}.
 */
public final class TelemetryApp {
    static final String PASSWORD = "s3cr3t-pw";
    static final String TOKEN = "t0ken-s3cr3t";

    private TelemetryApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        switch (args[0]) {
            case "export" -> {
                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:orders;USER=sa;PASSWORD=" + PASSWORD);
                        Statement s = c.createStatement()) {
                    s.execute("create table orders(id int)");
                    s.execute("insert into orders values (1)");
                    try (ResultSet r = s.executeQuery("select count(*) from orders")) {
                        r.next();
                        System.out.println("rows " + r.getInt(1));
                    }
                }
                openBreaker(new Payments());
                Thread.sleep(Long.parseLong(args[1]));
            }
            case "health" -> {
                Path dir = Path.of(args[1]);
                Payments payments = new Payments();
                openBreaker(payments);
                awaitFile(dir.resolve("open-seen"));
                payments.failing = false;
                Thread.sleep(1200); // past waitDurationInOpenState: the next call is a trial
                System.out.println("trial " + payments.charge());
                System.out.println("closed");
                awaitFile(dir.resolve("closed-seen"));
            }
            case "idle" -> {
                if (args[1].matches("\\d+")) {
                    Thread.sleep(Long.parseLong(args[1]));
                } else {
                    awaitFile(Path.of(args[1]));
                }
            }
            case "pool" -> {
                exhaustPool();
                Thread.sleep(Long.parseLong(args[1]));
            }
            case "policies" -> PolicyScenario.run(Path.of(args[1]));
            case "http" -> {
                httpRequests();
                Thread.sleep(Long.parseLong(args[1]));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    private static void openBreaker(Payments payments) {
        for (int i = 0; i < 4; i++) {
            try {
                payments.charge();
            } catch (IllegalStateException expected) {
                // counted by the breaker
            }
        }
        try {
            payments.charge();
            System.out.println("breaker did not open");
        } catch (RuntimeException e) {
            System.out.println("open " + e.getClass().getSimpleName());
        }
    }

    private static void exhaustPool() throws Exception {
        String url = "jdbc:h2:mem:pooled;USER=sa;PASSWORD=" + PASSWORD;
        try (Connection held = DriverManager.getConnection(url)) {
            for (int i = 0; i < 2; i++) {
                try (Connection second = DriverManager.getConnection(url)) {
                    System.out.println("pool lent a second connection");
                } catch (java.sql.SQLException e) {
                    System.out.println("pool refused " + e.getSQLState());
                }
            }
        }
    }

    private static void httpRequests() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/fail") ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        System.out.println("ports " + port + " " + closed);
        String base = "http://127.0.0.1:" + port;
        String withCredentials = "http://user:" + PASSWORD + "@127.0.0.1:" + port + "/x?token=" + TOKEN;
        HttpClient jdk = HttpClient.newHttpClient();
        System.out.println("jdk get " + jdk.send(HttpRequest.newBuilder(URI.create(base + "/ok?token=" + TOKEN))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        // POST is not idempotent, so not retried: one attempt
        System.out.println("jdk post " + jdk.send(HttpRequest.newBuilder(URI.create(base + "/fail?token=" + TOKEN))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        System.out.println("urlconnection get " + urlConnection(withCredentials));
        System.out.println("urlconnection refused " + urlConnection("http://user:" + PASSWORD + "@127.0.0.1:" + closed
                + "/x?token=" + TOKEN));
        okhttp3.OkHttpClient ok = new okhttp3.OkHttpClient();
        try (okhttp3.Response r = ok.newCall(new okhttp3.Request.Builder().url(withCredentials).build()).execute()) {
            System.out.println("okhttp get " + r.code());
        }
        ok.connectionPool().evictAll();
        server.stop(0);
    }

    private static String urlConnection(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            return String.valueOf(c.getResponseCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
