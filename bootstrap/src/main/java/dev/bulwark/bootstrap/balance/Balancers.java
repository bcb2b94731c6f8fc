package dev.bulwark.bootstrap.balance;

import java.util.List;

/**
 * The load balancers of the services in force, for telemetry to read each endpoint's counters and
 * state at export time ({@link Endpoint#requests()}, {@link LoadBalancer#outOfService}). Replaced
 * whole when the services change; never read on the request path.
 */
public final class Balancers {
    private static volatile List<LoadBalancer> inForce = List.of();

    private Balancers() {
    }

    public static List<LoadBalancer> inForce() {
        return inForce;
    }

    public static void set(List<LoadBalancer> balancers) {
        inForce = List.copyOf(balancers);
    }
}
