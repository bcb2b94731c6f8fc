package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.balance.LoadBalancer;
import dev.bulwark.bootstrap.guard.Guard;
import dev.bulwark.bootstrap.guard.Registry;

/**
 * One guarded server, {@code host:port}, and its site in the registry; or one logical service, by
 * its name, whose requests a load balancer sends to its endpoints.
 */
public final class HttpSite {
    private final String server;
    private final int id;
    private final boolean service;

    HttpSite(String server, int id) {
        this(server, id, false);
    }

    HttpSite(String server, int id, boolean service) {
        this.server = server;
        this.id = id;
        this.service = service;
    }

    /**
     * The balancer of this logical service now, or null for a plain server (and for a service that a
     * reload removed: its requests then go to the host as written).
     */
    public LoadBalancer balancer() {
        return service ? HttpGuards.balancer(server) : null;
    }

    /** {@code host:port}, or a logical service's name; never with user info, path or query. */
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
