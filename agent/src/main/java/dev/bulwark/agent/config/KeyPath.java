package dev.bulwark.agent.config;

import java.util.List;

/** Writes key paths the way a user would type them: {@code methods."com.acme.Orders#place".retry}. */
public final class KeyPath {
    private KeyPath() {
    }

    public static String format(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String segment : path) {
            if (b.length() > 0) {
                b.append('.');
            }
            if (segment.contains(".") || segment.contains("#") || segment.contains("*") || segment.isEmpty()) {
                b.append('"').append(segment).append('"');
            } else {
                b.append(segment);
            }
        }
        return b.toString();
    }
}
