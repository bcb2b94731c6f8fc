package dev.bulwark.it.app.credentials;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.annotations.Bulwark;
import java.io.IOException;
import java.io.InputStream;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * For CredentialsIT: credentials in every place an application puts them, through every path that
 * leads to Bulwark's exports. JDBC: H2's {@code ;USER=;PASSWORD=}, PostgreSQL's {@code ?password=},
 * {@code user}/{@code password} properties and userinfo (which pgjdbc refuses), and a driver that quotes
 * URL, user and password in its errors while the pool tries to open a connection. HTTP: userinfo and
 * {@code ?token=} through the JDK client and Apache HttpClient 5 classic, a refused connection, and a
 * server that fails until its breaker opens. Prints only what it may: never a secret, only exception
 * types. Then prints {@code ready ...} and lives until the file {@code args[0]} exists.
 *
 * <p>Arguments: the file to wait for; {@code pg} to use the PostgreSQL on 127.0.0.1:5432, {@code nopg} not.
 */
public final class CredentialsApp {
    public static final String H2_USER = "h2user_n4me";
    public static final String H2_PASSWORD = "h2-s3cret";
    public static final String DRIVER_USER = "qu0te-user";
    public static final String DRIVER_PASSWORD = "drv-s3cret";
    public static final String PG_QUERY_PASSWORD = "pg-s3cret-query";
    public static final String PG_PROPERTY_PASSWORD = "pg-s3cret-props";
    public static final String PG_USERINFO_PASSWORD = "pg-s3cret-userinfo";
    public static final String HTTP_USER = "http-us3r";
    public static final String HTTP_PASSWORD = "http-s3cret";
    public static final String HTTP_TOKEN = "http-t0ken";

    /** Everything that must never leave: passwords, tokens, and the user names (H2 upper-cases its own). */
    public static final List<String> SECRETS = List.of(H2_USER, H2_PASSWORD, DRIVER_USER, DRIVER_PASSWORD,
            PG_QUERY_PASSWORD, PG_PROPERTY_PASSWORD, PG_USERINFO_PASSWORD, HTTP_USER, HTTP_PASSWORD, HTTP_TOKEN);

    private CredentialsApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        h2();
        quotingDriver();
        if (args[1].equals("pg")) {
            postgres();
        }
        http();
        awaitFile(Path.of(args[0]));
        System.out.println("done");
    }

    private static void h2() throws SQLException {
        String url = "jdbc:h2:mem:creds;USER=" + H2_USER + ";PASSWORD=" + H2_PASSWORD;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table orders(id int)");
            s.execute("insert into orders values (1)");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from orders")) {
            r.next();
            System.out.println("h2 rows " + r.getInt(1));
        }
    }

    /** The pool's second connection fails while the first is held: the pool logs it and /health shows it. */
    private static void quotingDriver() throws SQLException {
        DriverManager.registerDriver(new QuotingDriver());
        String url = "jdbc:quoting://" + DRIVER_USER + ":" + DRIVER_PASSWORD + "@127.0.0.1:1/quoted?password="
                + DRIVER_PASSWORD;
        try (Connection held = DriverManager.getConnection(url, DRIVER_USER, DRIVER_PASSWORD)) {
            held.isValid(1);
            QuotingDriver.down(true);
            try (Connection second = DriverManager.getConnection(url, DRIVER_USER, DRIVER_PASSWORD)) {
                System.out.println("quoting second connection lent");
            } catch (SQLException e) {
                System.out.println("quoting refused " + e.getSQLState());
            }
        }
    }

    private static void postgres() throws SQLException {
        String base = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection c = DriverManager.getConnection(base + "?user=postgres&password=" + PG_QUERY_PASSWORD)) {
            System.out.println("pg query " + one(c));
        }
        try (Connection c = DriverManager.getConnection(base, "postgres", PG_PROPERTY_PASSWORD)) {
            System.out.println("pg properties " + one(c));
        }
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", PG_PROPERTY_PASSWORD);
        p.setProperty("ApplicationName", "credentials-it");
        try (Connection c = DriverManager.getConnection(base, p)) {
            System.out.println("pg more properties " + one(c));
        }
        // pgjdbc takes "postgres:PASSWORD@127.0.0.1" for a host name and fails: Bulwark's breaker counts it.
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://postgres:" + PG_USERINFO_PASSWORD
                + "@127.0.0.1:5432/test?connectTimeout=5")) {
            System.out.println("pg userinfo " + one(c));
        } catch (SQLException e) {
            System.out.println("pg userinfo refused " + e.getClass().getSimpleName());
        }
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void http() throws Exception {
        HttpServer ok = server(200);
        HttpServer failing = server(503);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String credentials = HTTP_USER + ":" + HTTP_PASSWORD + "@";
        String okUrl = "http://" + credentials + "127.0.0.1:" + ok.getAddress().getPort() + "/ok?token=" + HTTP_TOKEN;
        String failingUrl = "http://" + credentials + "127.0.0.1:" + failing.getAddress().getPort() + "/fail?token="
                + HTTP_TOKEN;
        String closedUrl = "http://" + credentials + "127.0.0.1:" + closed + "/x?token=" + HTTP_TOKEN;

        HttpClient jdk = HttpClient.newHttpClient();
        System.out.println("jdk ok " + jdk(jdk, okUrl));
        System.out.println("jdk refused " + jdk(jdk, closedUrl));
        try (CloseableHttpClient apache = HttpClients.createDefault()) {
            System.out.println("apache userinfo " + apache(apache, okUrl));
            System.out.println("apache ok " + apache(apache, okUrl.replace(credentials, "")));
            System.out.println("apache refused " + apache(apache, closedUrl.replace(credentials, "")));
            // GETs are retried, then the server's breaker opens and refuses
            for (int i = 0; i < 4; i++) {
                System.out.println("jdk failing " + jdk(jdk, failingUrl));
                System.out.println("apache failing " + apache(apache, failingUrl.replace(credentials, "")));
            }
        }
        System.out.println("ready ok=" + ok.getAddress().getPort() + " failing=" + failing.getAddress().getPort());
        ok.stop(0);
        failing.stop(0);
    }

    private static HttpServer server(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String jdk(HttpClient client, String url) throws InterruptedException {
        try {
            return Integer.toString(client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String apache(CloseableHttpClient client, String url) {
        try {
            return client.execute(new HttpGet(url), response -> {
                EntityUtils.consume(response.getEntity());
                return Integer.toString(response.getCode());
            });
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling for the test's signal, with a deadline
        }
    }
}
