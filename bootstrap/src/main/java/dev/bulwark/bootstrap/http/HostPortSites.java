package dev.bulwark.bootstrap.http;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sites of requests given as host and port (Apache HttpClient, OkHttp), so that finding one
 * allocates nothing: by the host string as the client keeps it (whose hash the string caches), then
 * by the port as written and the scheme's default port in a small array that is copied on write and
 * read without a lock.
 */
final class HostPortSites {
    private final ConcurrentHashMap<String, Entry[]> byHost = new ConcurrentHashMap<>();

    private record Entry(int port, int defaultPort, HttpSite site) {
    }

    /**
     * The site of {@code host} and {@code port} (-1 when none is written) under a scheme whose
     * default port is {@code defaultPort}, or null when not seen yet.
     */
    HttpSite find(String host, int port, int defaultPort) {
        Entry[] entries = byHost.get(host);
        if (entries != null) {
            for (Entry e : entries) {
                if (e.port == port && e.defaultPort == defaultPort) {
                    return e.site;
                }
            }
        }
        return null;
    }

    /** Remembers {@code site} for {@code host} and {@code port}; returns it. */
    HttpSite add(String host, int port, int defaultPort, HttpSite site) {
        byHost.compute(host, (h, entries) -> {
            if (entries == null) {
                return new Entry[] {new Entry(port, defaultPort, site)};
            }
            for (Entry e : entries) {
                if (e.port == port && e.defaultPort == defaultPort) {
                    return entries; // another thread added it meanwhile: the site is the same
                }
            }
            Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
            grown[entries.length] = new Entry(port, defaultPort, site);
            return grown;
        });
        return site;
    }

    void clear() {
        byHost.clear();
    }
}
