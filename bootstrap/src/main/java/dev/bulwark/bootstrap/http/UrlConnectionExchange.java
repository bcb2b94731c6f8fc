package dev.bulwark.bootstrap.http;

import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * The exchange a JDK {@code HttpURLConnection} ({@code sun.net.www.protocol.http}) keeps, cleared so
 * that the same connection object sends its request again, the way the JDK itself does for a
 * redirect: its connection closed ({@code disconnect()}), and the response it remembers (exception,
 * streams, headers, status line) forgotten. The request headers stay as they were written; a retry
 * to another endpoint gets that endpoint's {@code Host}.
 *
 * <p>The fields are private and the header type ({@code sun.net.www.MessageHeader}) is not
 * exported, so they are reached through handles resolved once from a lookup that advice inlined into
 * that class creates. On a JDK where one is missing, connections are never retried (one warning).
 */
public final class UrlConnectionExchange {
    private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    private static final String HEADERS = "sun.net.www.MessageHeader";

    /** The handles; null until resolved, or when this JDK's connection cannot be reset. */
    private record Handles(MethodHandle setRemembered, MethodHandle setInput, MethodHandle setError,
            MethodHandle setFilteredHeaders, MethodHandle setFailedOnce, MethodHandle setResponseMessage,
            MethodHandle responses, MethodHandle requests, MethodHandle poster, MethodHandle streamingOut,
            MethodHandle streaming, MethodHandle resetHeaders, MethodHandle findHeader, MethodHandle setHeader) {
    }

    private static volatile boolean resolved;
    private static volatile Handles handles;

    private UrlConnectionExchange() {
    }

    /** Whether {@link #resolve} still waits for its lookup: read on every guarded call, allocates nothing. */
    public static boolean unresolved() {
        return !resolved;
    }

    /**
     * Resolves the handles from {@code lookup}, a full-privilege lookup of the JDK's connection class
     * (advice inlined there calls {@code MethodHandles.lookup()}); any other lookup is ignored.
     */
    public static void resolve(MethodHandles.Lookup lookup) {
        if (resolved || lookup == null || !lookup.hasFullPrivilegeAccess()
                || !lookup.lookupClass().getName().equals(CONNECTION)
                || lookup.lookupClass().getModule() != Object.class.getModule()) {
            return;
        }
        synchronized (UrlConnectionExchange.class) {
            if (resolved) {
                return;
            }
            try {
                handles = handles(lookup);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                BulwarkLog.warnOnce("url-connection-retry", "HttpURLConnection requests are never retried on this JDK:"
                        + " its connection state cannot be reset", e);
            }
            resolved = true;
        }
    }

    private static Handles handles(MethodHandles.Lookup l) throws ReflectiveOperationException {
        Class<?> c = l.lookupClass();
        Class<?> headers = Class.forName(HEADERS, false, c.getClassLoader());
        MethodType toObject = MethodType.methodType(Object.class, HttpURLConnection.class);
        return new Handles(
                setter(l, c, "rememberedException", Exception.class),
                setter(l, c, "inputStream", java.io.InputStream.class),
                setter(l, c, "errorStream", java.io.InputStream.class),
                setter(l, c, "filteredHeaders", Map.class),
                setter(l, c, "failedOnce", boolean.class),
                setter(l, HttpURLConnection.class, "responseMessage", String.class),
                l.findGetter(c, "responses", headers).asType(toObject),
                l.findGetter(c, "requests", headers).asType(toObject),
                l.findGetter(c, "poster", c.getDeclaredField("poster").getType()).asType(toObject),
                l.findGetter(c, "strOutputStream", c.getDeclaredField("strOutputStream").getType()).asType(toObject),
                l.findVirtual(c, "streaming", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, HttpURLConnection.class)),
                l.findVirtual(headers, "reset", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class)),
                l.findVirtual(headers, "findValue", MethodType.methodType(String.class, String.class))
                        .asType(MethodType.methodType(String.class, Object.class, String.class)),
                l.findVirtual(headers, "set", MethodType.methodType(void.class, String.class, String.class))
                        .asType(MethodType.methodType(void.class, Object.class, String.class, String.class)));
    }

    private static MethodHandle setter(MethodHandles.Lookup l, Class<?> declaring, String name, Class<?> type)
            throws ReflectiveOperationException {
        return l.findSetter(declaring, name, type)
                .asType(MethodType.methodType(void.class, HttpURLConnection.class, type));
    }

    /**
     * Whether the connection's request can be sent again: this JDK's state can be reset, and the
     * request has no body (nothing written, not streaming). A request to another endpoint also needs
     * a connection without a proxy, whose request line names the host it was first sent to.
     */
    public static boolean resendable(HttpURLConnection connection, boolean toAnotherEndpoint) {
        Handles h = handles;
        if (h == null) {
            return false;
        }
        try {
            return (Object) h.poster.invokeExact(connection) == null
                    && (Object) h.streamingOut.invokeExact(connection) == null
                    && !(boolean) h.streaming.invokeExact(connection)
                    && !(toAnotherEndpoint && connection.usingProxy());
        } catch (Throwable bug) {
            BulwarkLog.warnOnce("url-connection-resendable", "cannot tell whether an HttpURLConnection can be sent"
                    + " again; it is not retried", bug);
            return false;
        }
    }

    /**
     * Closes the connection's exchange and forgets its response, so that {@code getInputStream} sends
     * the request again. Only after {@link #resendable} said yes.
     */
    public static void clear(HttpURLConnection connection) {
        Handles h = handles;
        try {
            connection.disconnect(); // closes the socket (or its stream), status back to -1
            h.setRemembered.invokeExact(connection, (Exception) null);
            h.setInput.invokeExact(connection, (java.io.InputStream) null);
            h.setError.invokeExact(connection, (java.io.InputStream) null);
            h.setFilteredHeaders.invokeExact(connection, (Map<?, ?>) null);
            h.setFailedOnce.invokeExact(connection, false);
            h.setResponseMessage.invokeExact(connection, (String) null);
            h.resetHeaders.invokeExact((Object) h.responses.invokeExact(connection));
        } catch (Throwable bug) {
            BulwarkLog.warnOnce("url-connection-clear", "cannot reset an HttpURLConnection for a retry", bug);
        }
    }

    /**
     * Sends the connection's next attempt to {@code to} in place of {@code from}: its URL's host and
     * port replaced, and the {@code Host} header the JDK wrote for {@code from} (not one the
     * application set) made {@code to}'s.
     */
    public static void reroute(HttpURLConnection connection, URL from, URL to) {
        Handles h = handles;
        try {
            Object requests = (Object) h.requests.invokeExact(connection);
            String host = (String) h.findHeader.invokeExact(requests, "Host");
            if (host != null && host.equals(hostHeader(from))) {
                h.setHeader.invokeExact(requests, "Host", hostHeader(to));
            }
        } catch (Throwable bug) {
            BulwarkLog.warnOnce("url-connection-reroute", "cannot write an endpoint's Host header for a retry", bug);
        }
    }

    /** The {@code Host} header the JDK writes for {@code url}: the port only when it is not the scheme's default. */
    static String hostHeader(URL url) {
        int port = url.getPort();
        return port != -1 && port != url.getDefaultPort() ? url.getHost() + ":" + port : url.getHost();
    }
}
