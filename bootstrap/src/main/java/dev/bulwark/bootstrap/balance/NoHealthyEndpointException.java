package dev.bulwark.bootstrap.balance;

import dev.bulwark.annotations.BulwarkException;

/**
 * A request to a logical service none of whose endpoints may take it. HTTP clients receive it as
 * the cause of an {@code HttpRejectedException}.
 */
public final class NoHealthyEndpointException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    /** @param states each endpoint and why it is out: {@code 10.0.0.1:8080 ejected ..., 10.0.0.2:8080 failing ...} */
    public NoHealthyEndpointException(String service, int endpoints, String states) {
        super(service, "Bulwark load balancer '" + service + "' has no healthy endpoint: none of its " + endpoints
                + " endpoints is in service (" + states + ")");
    }
}
