package dev.bulwark.it.app.http;

import dev.bulwark.annotations.HttpRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One of the HTTP clients Bulwark guards, set up to trust the test's self-signed certificate. A GET
 * is answered as one line: {@code status N}, {@code rejected CAUSE server=S message=M} or
 * {@code failed EXCEPTION}.
 */
abstract class HttpsClient {
    /** Each client's name, as the test passes it. */
    static HttpsClient named(String name, SSLContext tls, X509TrustManager trust) {
        return switch (name) {
            case "jdk-send" -> new JdkSend(tls);
            case "jdk-send-async" -> new JdkSendAsync(tls);
            case "url-connection" -> new UrlConnection(tls);
            case "apache-classic" -> new ApacheClassic(tls);
            case "apache-async" -> new ApacheAsync(tls);
            case "okhttp" -> new OkHttp(tls, trust);
            case "okhttp-enqueue" -> new OkHttpEnqueue(tls, trust);
            default -> throw new IllegalArgumentException("unknown client '" + name + "'");
        };
    }

    /** Whether the client can take user info in its URL (Apache HttpClient 5 refuses it as deprecated). */
    boolean takesUserInfo() {
        return true;
    }

    /** The class that really sends the request, to show which implementation was guarded. */
    abstract String implementation(String url) throws IOException;

    abstract String get(String url, String authorization) throws InterruptedException;

    void close() throws IOException {
    }

    static String rejected(HttpRejectedException e) {
        return "rejected " + e.getCause().getClass().getSimpleName() + " server=" + e.server() + " message="
                + e.getMessage();
    }

    private static final class JdkSend extends HttpsClient {
        final HttpClient client;

        JdkSend(SSLContext tls) {
            client = HttpClient.newBuilder().sslContext(tls).build();
        }

        HttpRequest request(String url, String authorization) {
            return HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build();
        }

        @Override
        String implementation(String url) {
            return client.getClass().getName();
        }

        @Override
        String get(String url, String authorization) throws InterruptedException {
            try {
                return "status " + client.send(request(url, authorization), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (HttpRejectedException e) {
                return rejected(e);
            } catch (IOException e) {
                return "failed " + e;
            }
        }
    }

    private static final class JdkSendAsync extends HttpsClient {
        private final JdkSend sync;

        JdkSendAsync(SSLContext tls) {
            sync = new JdkSend(tls);
        }

        @Override
        String implementation(String url) {
            return sync.implementation(url);
        }

        @Override
        String get(String url, String authorization) throws InterruptedException {
            CompletableFuture<HttpResponse<String>> f = sync.client.sendAsync(sync.request(url, authorization),
                    HttpResponse.BodyHandlers.ofString());
            boolean failedAtOnce = f.isCompletedExceptionally();
            try {
                return "status " + f.get(60, TimeUnit.SECONDS).statusCode();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof HttpRejectedException r) {
                    return rejected(r) + (failedAtOnce ? "" : " (not at once)");
                }
                return "failed " + e.getCause();
            } catch (TimeoutException e) {
                return "no outcome";
            }
        }
    }

    private static final class UrlConnection extends HttpsClient {
        private final SSLContext tls;

        UrlConnection(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        String implementation(String url) throws IOException {
            return new URL(url).openConnection().getClass().getName(); // not connected: nothing is sent
        }

        /** Asks for the status, then reads the body: one request. */
        @Override
        String get(String url, String authorization) {
            try {
                HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
                c.setSSLSocketFactory(tls.getSocketFactory());
                c.setRequestProperty("Authorization", authorization);
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
                return "status " + status;
            } catch (HttpRejectedException e) {
                return rejected(e);
            } catch (IOException e) {
                return "failed " + e;
            }
        }
    }

    private static final class ApacheClassic extends HttpsClient {
        // The client's own retries off: every request the server counts is one Bulwark made.
        private final CloseableHttpClient client;

        ApacheClassic(SSLContext tls) {
            client = HttpClients.custom().disableAutomaticRetries()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create().setSslContext(tls).build())
                            .build())
                    .build();
        }

        @Override
        boolean takesUserInfo() {
            return false;
        }

        @Override
        String implementation(String url) {
            return client.getClass().getName();
        }

        @Override
        String get(String url, String authorization) {
            HttpGet get = new HttpGet(url);
            get.setHeader("Authorization", authorization);
            try {
                return client.execute(get, response -> {
                    EntityUtils.consume(response.getEntity());
                    return "status " + response.getCode();
                });
            } catch (HttpRejectedException e) {
                return rejected(e);
            } catch (IOException e) {
                return "failed " + e;
            }
        }

        @Override
        void close() throws IOException {
            client.close();
        }
    }

    private static final class ApacheAsync extends HttpsClient {
        // The client's own retries off: every request the server counts is one Bulwark made.
        private final CloseableHttpAsyncClient client;

        ApacheAsync(SSLContext tls) {
            client = HttpAsyncClients.custom().disableAutomaticRetries()
                    .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                            .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).build())
                            .build())
                    .build();
            client.start();
        }

        @Override
        boolean takesUserInfo() {
            return false;
        }

        @Override
        String implementation(String url) {
            return client.getClass().getName();
        }

        @Override
        String get(String url, String authorization) throws InterruptedException {
            Future<SimpleHttpResponse> f = client.execute(SimpleRequestBuilder.get(url)
                    .setHeader("Authorization", authorization).build(), null);
            boolean failedAtOnce = f.isDone();
            try {
                return "status " + f.get(60, TimeUnit.SECONDS).getCode();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof HttpRejectedException r) {
                    return rejected(r) + (failedAtOnce ? "" : " (not at once)");
                }
                return "failed " + e.getCause();
            } catch (TimeoutException e) {
                return "no outcome";
            }
        }

        @Override
        void close() throws IOException {
            client.close();
        }
    }

    private static class OkHttp extends HttpsClient {
        final OkHttpClient client;

        OkHttp(SSLContext tls, X509TrustManager trust) {
            client = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust).build();
        }

        Request request(String url, String authorization) {
            return new Request.Builder().url(url).header("Authorization", authorization).build();
        }

        @Override
        String implementation(String url) {
            return client.getClass().getName();
        }

        @Override
        String get(String url, String authorization) throws InterruptedException {
            try (Response response = client.newCall(request(url, authorization)).execute()) {
                response.body().string();
                return "status " + response.code();
            } catch (HttpRejectedException e) {
                return rejected(e);
            } catch (IOException e) {
                return "failed " + e;
            }
        }

        @Override
        void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** OkHttp's enqueue: the outcome arrives in the callback, on OkHttp's dispatcher thread. */
    private static final class OkHttpEnqueue extends OkHttp {
        OkHttpEnqueue(SSLContext tls, X509TrustManager trust) {
            super(tls, trust);
        }

        @Override
        String get(String url, String authorization) throws InterruptedException {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            client.newCall(request(url, authorization)).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    outcome.complete(e instanceof HttpRejectedException r ? rejected(r) : "failed " + e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (response) {
                        response.body().string();
                        outcome.complete("status " + response.code());
                    }
                }
            });
            try {
                return outcome.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return "no outcome";
            }
        }
    }
}
