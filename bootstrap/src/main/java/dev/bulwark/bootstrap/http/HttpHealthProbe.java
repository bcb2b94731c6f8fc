package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.balance.Endpoint;
import dev.bulwark.bootstrap.balance.HealthCheckRules;
import dev.bulwark.bootstrap.balance.HealthChecker;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;

/**
 * A health check over plain HTTP with the JDK's {@code HttpURLConnection}: a GET of the path, passed
 * by a 2xx answer. Bulwark's own request: it runs inside an HTTP call depth, so the client advice
 * takes it for a nested call and neither guards nor counts it.
 */
public final class HttpHealthProbe implements HealthChecker.Probe {
    public static final HttpHealthProbe INSTANCE = new HttpHealthProbe();

    private HttpHealthProbe() {
    }

    @Override
    public String check(Endpoint endpoint, HealthCheckRules rules) {
        HttpCallDepth.enter();
        HttpURLConnection c = null;
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rules.timeoutNanos() / 1_000_000));
            c = (HttpURLConnection) new URL("http", endpoint.host(), endpoint.port(), rules.path())
                    .openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            drain(status < 400 ? c.getInputStream() : c.getErrorStream());
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (SocketTimeoutException e) {
            return "no answer within " + rules.timeoutNanos() / 1_000_000 + "ms";
        } catch (IOException | RuntimeException e) {
            // the type only: a message may name more of the URL than the endpoint
            return e.getClass().getSimpleName();
        } finally {
            HttpCallDepth.exit();
        }
    }

    /** Reads the answer to its end so that its connection can be kept for the next check. */
    private static void drain(InputStream in) throws IOException {
        if (in == null) {
            return;
        }
        try (in) {
            byte[] buffer = new byte[512];
            while (in.read(buffer) >= 0) {
                // discarded
            }
        }
    }
}
