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
}
