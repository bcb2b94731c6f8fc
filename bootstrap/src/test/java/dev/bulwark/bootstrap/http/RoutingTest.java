package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.bootstrap.balance.Endpoint;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A request to a logical service, rewritten for the endpoint chosen. */
class RoutingTest {
    private final Endpoint endpoint = new Endpoint("10.0.0.7", 8080, 1);

    @Test
    void theEndpointReplacesHostAndPortAndThePathAndQueryStay() {
        assertEquals(URI.create("https://10.0.0.7:8080/api/items%20x?q=a%26b&token=t"),
                Routing.routed(URI.create("https://orders/api/items%20x?q=a%26b&token=t"), endpoint));
    }

    @Test
    void aUrlWithoutAPathGoesToTheRoot() {
        assertEquals(URI.create("http://10.0.0.7:8080/"), Routing.routed(URI.create("http://orders"), endpoint));
    }

    @Test
    void userInfoIsKeptForTheClientToUse() {
        assertEquals(URI.create("http://u:p@10.0.0.7:8080/x"), Routing.routed(URI.create("http://u:p@orders/x"),
                endpoint));
    }

    @Test
    void anIpv6EndpointIsWrittenInBrackets() {
        assertEquals(URI.create("http://[::1]:9000/x"), Routing.routed(URI.create("http://orders/x"),
                new Endpoint("[::1]", 9000, 1)));
    }
}
