package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.net.HttpURLConnection;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * What can be checked without the agent: the JDK's connection state is reached only through a lookup
 * made inside the JDK's connection class (the integration tests reset real connections on JDK 17 and
 * 25); any other lookup, an application's included, gets nothing.
 */
class UrlConnectionExchangeTest {
    @Test
    void aLookupOfAnyOtherClassIsIgnoredAndNothingIsResent() throws Exception {
        UrlConnectionExchange.resolve(MethodHandles.lookup());
        UrlConnectionExchange.resolve(MethodHandles.publicLookup());
        UrlConnectionExchange.resolve(null);

        assertTrue(UrlConnectionExchange.unresolved());
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:9/").openConnection();
        assertFalse(UrlConnectionExchange.resendable(connection, false));
    }

    @Test
    void theHostHeaderNamesThePortOnlyWhenItIsNotTheSchemesDefault() throws Exception {
        assertEquals("10.0.0.1:8080", UrlConnectionExchange.hostHeader(new URL("http://10.0.0.1:8080/a?b")));
        assertEquals("10.0.0.1", UrlConnectionExchange.hostHeader(new URL("http://10.0.0.1:80/a")));
        assertEquals("orders", UrlConnectionExchange.hostHeader(new URL("https://orders/a")));
        assertEquals("orders:80", UrlConnectionExchange.hostHeader(new URL("https://orders:80/a")));
        assertEquals("[::1]:8080", UrlConnectionExchange.hostHeader(new URL("http", "::1", 8080, "/a")));
    }
}
