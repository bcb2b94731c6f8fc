package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientDurationsTest {
    private static final long MS = 1_000_000L;
    private final HttpClientDurations durations = new HttpClientDurations();
    private final HttpSite site = new HttpSite("api.example.com:443", 0);

    private HttpClientDurations.Series only(String method, int status, String errorType) {
        List<HttpClientDurations.Series> found = durations.series().stream().filter(s -> s.method().equals(method)
                && s.status() == status && java.util.Objects.equals(s.errorType(), errorType)).toList();
        assertEquals(1, found.size(), () -> durations.series().toString());
        return found.get(0);
    }

    @Test
    void eachMethodAndStatusIsASeriesOfTheServer() {
        durations.add(site, "GET", 200, null, 3 * MS);
        durations.add(site, "GET", 200, null, 7 * MS);
        durations.add(site, "POST", 201, null, 2 * MS);
        HttpClientDurations.Series ok = only("GET", 200, null);
        assertEquals("api.example.com:443", ok.server());
        assertEquals(2, ok.durations().count());
        assertEquals(10 * MS, ok.durations().sumNanos());
        assertEquals(1, only("POST", 201, null).durations().count());
        assertEquals(2, durations.series().size());
    }

    @Test
    void aClientOrServerErrorStatusIsTypedByItsCode() {
        durations.add(site, "GET", 503, null, MS);
        durations.add(site, "GET", 404, null, MS);
        assertEquals("503", only("GET", 503, "503").errorType());
        assertEquals("404", only("GET", 404, "404").errorType());
    }

    @Test
    void anAttemptWithoutResponseIsTypedByItsExceptionClass() {
        durations.add(site, "GET", 0, new ConnectException("refused"), MS);
        assertEquals(1, only("GET", 0, "java.net.ConnectException").durations().count());
    }

    @Test
    void aResponseStatusWinsOverWhatTheClientThrewForIt() {
        // HttpURLConnection throws FileNotFoundException for a 404 it received
        durations.add(site, "GET", 404, new java.io.FileNotFoundException("x"), MS);
        only("GET", 404, "404");
        assertEquals(1, durations.series().size());
    }

    @Test
    void anUnknownMethodIsOther() {
        durations.add(site, "PROPFIND", 207, null, MS);
        durations.add(site, "get", 200, null, MS); // methods are case-sensitive
        durations.add(site, null, 200, null, MS);
        assertEquals(1, only("_OTHER", 207, null).durations().count());
        assertEquals(2, only("_OTHER", 200, null).durations().count());
    }

    @Test
    void exceptionTypesAreBoundedPerServerAndMethod() {
        for (int i = 0; i < HttpClientDurations.MAX_ERROR_TYPES + 5; i++) {
            durations.add(site, "GET", 0, distinctException(i), MS);
        }
        assertEquals(HttpClientDurations.MAX_ERROR_TYPES + 1, durations.series().size());
        assertEquals(5, only("GET", 0, "_OTHER").durations().count());
    }

    @Test
    void neitherAResponseNorAFailureIsNotCounted() {
        durations.add(site, "GET", 0, null, MS);
        durations.add(site, "GET", 1000, null, MS);
        assertTrue(durations.series().isEmpty(), () -> durations.series().toString());
    }

    @Test
    void recordingAnExistingSeriesAllocatesNothing() {
        IOException failure = new IOException("reset");
        durations.add(site, "GET", 200, null, MS);
        durations.add(site, "PUT", 0, failure, MS);
        assertEquals(0, Allocation.bytesPerCall(() -> durations.add(site, "GET", 200, null, MS)));
        assertEquals(0, Allocation.bytesPerCall(() -> durations.add(site, "PUT", 0, failure, MS)));
    }

    @Test
    void theGlobalRecorderNeverThrows() {
        assertDoesNotThrow(() -> HttpClientDurations.record(null, "GET", 200, null, MS));
    }

    /** An exception of a class of its own for each i, as a misbehaving client could throw. */
    private static Throwable distinctException(int i) {
        return switch (i % 21) {
            case 0 -> new IOException();
            case 1 -> new ConnectException();
            case 2 -> new java.net.SocketTimeoutException();
            case 3 -> new java.net.UnknownHostException();
            case 4 -> new java.net.NoRouteToHostException();
            case 5 -> new java.net.PortUnreachableException();
            case 6 -> new java.net.ProtocolException();
            case 7 -> new java.net.SocketException();
            case 8 -> new java.net.http.HttpTimeoutException("t");
            case 9 -> new java.net.http.HttpConnectTimeoutException("t");
            case 10 -> new java.io.EOFException();
            case 11 -> new java.io.InterruptedIOException();
            case 12 -> new javax.net.ssl.SSLException("s");
            case 13 -> new javax.net.ssl.SSLHandshakeException("s");
            case 14 -> new java.io.FileNotFoundException();
            case 15 -> new java.net.MalformedURLException();
            case 16 -> new java.util.zip.ZipException();
            case 17 -> new java.nio.channels.ClosedChannelException();
            case 18 -> new java.io.UTFDataFormatException();
            case 19 -> new java.io.CharConversionException();
            default -> new java.io.SyncFailedException("s");
        };
    }
}
