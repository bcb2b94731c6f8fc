package dev.bulwark.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as users write them: {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 0}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)?");
    public static final String ALLOWED = "a duration such as 250ms, 2s, 1m or 0 (units: ns, us, ms, s, m, h, d)";

    private Durations() {
    }

    /**
     * @return the duration in nanoseconds (negative values are returned as such, so that the rule
     *     that receives them can say what it allows)
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static long parseNanos(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + ALLOWED);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit == null && amount != 0) {
            throw new IllegalArgumentException("'" + text + "' has no unit; write it as " + ALLOWED);
        }
        double nanosPerUnit = switch (unit == null ? "ns" : unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 86400e9;
        };
        double nanos = amount * nanosPerUnit;
        if (Math.abs(nanos) > Long.MAX_VALUE / 4.0) {
            throw new IllegalArgumentException("'" + text + "' is too long; at most 26687d (about 73 years)");
        }
        return Math.round(nanos);
    }
}
