package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;

/** One guarded server, {@code host:port}, and its site in the registry. */
public final class HttpSite {
    private final String server;
    private final int id;

    HttpSite(String server, int id) {
        this.server = server;
        this.id = id;
    }

    /** {@code host:port}, never with user info, path or query. */
    public String server() {
        return server;
    }

    /** The guard in force now; an attempt keeps the one it started with. */
    public Guard guard() {
        return Registry.guard(id);
    }

    @Override
    public String toString() {
        return server;
    }
}
