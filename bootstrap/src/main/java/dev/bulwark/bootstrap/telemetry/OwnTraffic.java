package dev.bulwark.bootstrap.telemetry;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

/**
 * The servers Bulwark itself talks to (the OTLP collector), whose calls must never be guarded or
 * counted: HTTP guards ask {@link #isOwn} before they guard a call. Written once at start-up, read
 * on every HTTP call without a lock or an allocation.
 */
public final class OwnTraffic {
    private static volatile Entry[] servers = new Entry[0];

    private record Entry(String host, int port) {
    }

    private OwnTraffic() {
    }

    /** Marks the server of {@code url} (scheme://host[:port]/...) as Bulwark's own; ignores anything else. */
    public static synchronized void exclude(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        if (uri.getHost() == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        Entry e = new Entry(uri.getHost().toLowerCase(Locale.ROOT), port);
        Entry[] current = servers;
        for (Entry x : current) {
            if (x.equals(e)) {
                return;
            }
        }
        Entry[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = e;
        servers = next;
    }

    /** Whether {@code host:port} is a server Bulwark itself talks to; host compared ignoring case. */
    public static boolean isOwn(String host, int port) {
        if (host == null) {
            return false;
        }
        for (Entry e : servers) {
            if (e.port == port && e.host.equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    /** For tests. */
    static synchronized void clear() {
        servers = new Entry[0];
    }
}
