package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServerKeyTest {
    @Test
    void theSchemesDefaultPortIsUsedWhenNoneIsWritten() {
        assertEquals("api.example.com:443", ServerKey.of(URI.create("https://api.example.com/orders")));
        assertEquals("api.example.com:80", ServerKey.of(URI.create("http://api.example.com")));
        assertEquals("api.example.com:8080", ServerKey.of(URI.create("HTTP://API.Example.com:8080/x")));
    }

    @Test
    void userInfoPathAndQueryNeverReachTheKey() {
        assertEquals("api.example.com:443", ServerKey.of(URI.create(
                "https://alice:s3cret@api.example.com/orders?token=abc#frag")));
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        assertEquals("[::1]:8080", ServerKey.of(URI.create("http://[::1]:8080/")));
    }

    @Test
    void otherSchemesAndHostlessUrisAreNotServers() {
        assertNull(ServerKey.of(URI.create("ftp://files.example.com/")));
        assertNull(ServerKey.of(URI.create("file:///tmp/x")));
        assertNull(ServerKey.of(URI.create("mailto:someone@example.com")));
    }
}
