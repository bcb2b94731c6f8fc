package dev.bulwark.it.app.http;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTP client over TLS against the test's HTTPS server on loopback, with the agent attached and
 * no Bulwark annotation. Trusts the server's self-signed certificate from the keystore named by the
 * system properties {@value #KEYSTORE} and {@value #PASSWORD}. Every URL carries a query token and,
 * where the client takes it, user info; every request a bearer token: none may ever be printed.
 * Prints facts, one per line.
 *
 * <p>Arguments: scenario ({@code breaker} or {@code retry}), client (see {@link HttpsClient#named}),
 * the server's port, and the prefix of the paths this run uses.
 */
public final class HttpsApp {
    public static final String KEYSTORE = "it.https.keystore";
    public static final String PASSWORD = "it.https.password";
    public static final String USER = "alice-7f3e";
    public static final String USER_PASSWORD = "pa55-w0rd-9c1d";
    public static final String QUERY_SECRET = "q-s3cr3t-42ab";
    public static final String BEARER_SECRET = "b34rer-s3cr3t-e5f6";

    private final HttpsClient client;
    private final int port;
    private final String prefix;

    private HttpsApp(HttpsClient client, int port, String prefix) {
        this.client = client;
        this.port = port;
        this.prefix = prefix;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.policyName() + " " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry " + r.target() + " after attempt " + r.attempt() + ": "
                        + r.cause().getMessage()));
        Bulwark.events().subscribe(BulwarkEvent.CallRejected.class,
                r -> System.out.println("event rejected " + r.kind() + " " + r.target() + ": " + r.reason()));
        X509TrustManager trust = trustManager();
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        HttpsClient client = HttpsClient.named(args[1], tls, trust);
        HttpsApp app = new HttpsApp(client, Integer.parseInt(args[2]), args[3]);
        System.out.println("implementation: " + client.implementation(app.url("/implementation")));
        switch (args[0]) {
            case "breaker" -> app.breaker();
            case "retry" -> app.retry();
            default -> throw new IllegalArgumentException("unknown scenario '" + args[0] + "'");
        }
        client.close();
        System.out.println("done");
    }

    /** The server's certificate, trusted as the only one: the client must verify the chain and the host. */
    private static X509TrustManager trustManager() throws Exception {
        char[] password = System.getProperty(PASSWORD).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty(KEYSTORE)))) {
            store.load(in, password);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager for " + System.getProperty(KEYSTORE));
    }

    private String url(String path) {
        String userInfo = client.takesUserInfo() ? USER + ":" + USER_PASSWORD + "@" : "";
        return "https://" + userInfo + "127.0.0.1:" + port + prefix + path + "?token=" + QUERY_SECRET;
    }

    private String get(String path) throws InterruptedException {
        return client.get(url(path), "Bearer " + BEARER_SECRET);
    }

    /** The server answers /down with 503: each request is one failure, so the breaker opens after the window. */
    private void breaker() throws InterruptedException {
        for (int i = 1; i <= 4; i++) {
            System.out.println("down " + i + ": " + get("/down"));
        }
        System.out.println("while open: " + get("/down"));
    }

    /** A success is sent once; a failing GET is sent once per attempt, retried by the clients that retry. */
    private void retry() throws InterruptedException {
        System.out.println("up: " + get("/up"));
        System.out.println("flaky: " + get("/flaky"));
    }
}
