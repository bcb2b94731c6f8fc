package dev.bulwark.agent.telemetry;

import dev.bulwark.bootstrap.http.HttpClientDurations;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The semantic-convention attributes of one {@code http.client.request.duration} series:
 * {@code http.request.method}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code} when a response came, {@code error.type} when it failed. The
 * server is the guard's key ({@code host:port}), which never holds user info, path or query.
 */
final class HttpAttributes {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private HttpAttributes() {
    }

    static Attributes of(HttpClientDurations.Series s) {
        AttributesBuilder b = Attributes.builder().put(METHOD, s.method());
        String server = s.server();
        int colon = server.lastIndexOf(':');
        String host = colon > 0 ? server.substring(0, colon) : server;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 address, as the conventions write it
        }
        b.put(DatabaseAttributes.SERVER_ADDRESS, host);
        if (colon > 0) {
            try {
                b.put(DatabaseAttributes.SERVER_PORT, Long.parseLong(server.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // not a port: leave it out
            }
        }
        if (s.status() > 0) {
            b.put(STATUS, (long) s.status());
        }
        if (s.errorType() != null) {
            b.put(ERROR_TYPE, s.errorType());
        }
        return b.build();
    }
}
