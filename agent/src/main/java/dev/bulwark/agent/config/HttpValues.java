package dev.bulwark.agent.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the plain values of the {@code http:} section: status code lists and method lists. */
final class HttpValues {
    private HttpValues() {
    }

    /** {@code [429, 500-599]} as a table indexed by status code. */
    static boolean[] statuses(List<String> items) {
        boolean[] statuses = new boolean[600];
        for (String item : items) {
            int dash = item.indexOf('-');
            int from = code(dash < 0 ? item : item.substring(0, dash), item);
            int to = dash < 0 ? from : code(item.substring(dash + 1), item);
            if (to < from) {
                throw new IllegalArgumentException("'" + item + "' is an empty range");
            }
            for (int s = from; s <= to; s++) {
                statuses[s] = true;
            }
        }
        return statuses;
    }

    private static int code(String text, String item) {
        try {
            int code = Integer.parseInt(text.trim());
            if (code >= 100 && code <= 599) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + item + "' is not a status code or range");
    }

    /** Method names, upper case. */
    static Set<String> methods(List<String> items) {
        Set<String> methods = new LinkedHashSet<>();
        for (String item : items) {
            if (!item.matches("[A-Za-z]+")) {
                throw new IllegalArgumentException("'" + item + "' is not an HTTP method");
            }
            methods.add(item.toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(methods);
    }

    /** The most an endpoint may weigh, so that one weighted round stays short. */
    static final int MAX_WEIGHT = 100;

    /**
     * An endpoint: {@code host:port} or {@code host:port=weight}; host a name, an IPv4 address or
     * an IPv6 address in brackets; host in lower case.
     */
    static ServiceRule.Address endpoint(String item) {
        String text = item.trim();
        int weight = 1;
        int eq = text.lastIndexOf('=');
        if (eq >= 0) {
            try {
                weight = Integer.parseInt(text.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("'" + item + "' has weight '" + text.substring(eq + 1)
                        + "'; a weight is a whole number from 1 to " + MAX_WEIGHT);
            }
            text = text.substring(0, eq).trim();
        }
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        boolean hostOk = host.matches("[A-Za-z0-9]([A-Za-z0-9\\-.]*[A-Za-z0-9])?") || host.matches("\\[[0-9A-Fa-f:.]+]");
        if (!hostOk || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + item + "' is not host:port (a host name or address and a port"
                    + " from 1 to 65535, no scheme or path)");
        }
        return new ServiceRule.Address(host.toLowerCase(Locale.ROOT), port, weight);
    }
}
