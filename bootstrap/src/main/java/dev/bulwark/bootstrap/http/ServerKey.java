package dev.bulwark.bootstrap.http;

import java.net.URI;
import java.util.Locale;

/**
 * The key of a guarded server: {@code host:port}, host in lower case, the scheme's default port
 * when none is written. Nothing else of a URL reaches a key, a log or a message: no user info, no
 * path, no query.
 */
public final class ServerKey {
    private ServerKey() {
    }

    /** The key of an http or https URI, or null for any other URI or one without a host. */
    public static String of(URI uri) {
        int defaultPort = defaultPort(uri.getScheme());
        String host = uri.getHost();
        if (defaultPort < 0 || host == null || host.isEmpty()) {
            return null;
        }
        return of(host, uri.getPort() < 0 ? defaultPort : uri.getPort());
    }

    public static String of(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** 80 for http, 443 for https, else -1. */
    static int defaultPort(String scheme) {
        if ("http".equalsIgnoreCase(scheme)) {
            return 80;
        }
        if ("https".equalsIgnoreCase(scheme)) {
            return 443;
        }
        return -1;
    }
}
