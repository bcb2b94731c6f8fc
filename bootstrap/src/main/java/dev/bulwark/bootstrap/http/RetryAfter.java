package dev.bulwark.bootstrap.http;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header of RFC 9110: whole seconds, or an HTTP date. */
final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * Nanos to wait, 0 when the header is absent, already past or not understood (a malformed
     * header must not stop a retry that the rules allow).
     *
     * @param nowMillis the wall clock, for the date form
     */
    static long nanos(String header, long nowMillis) {
        if (header == null) {
            return 0;
        }
        String h = header.trim();
        if (h.isEmpty()) {
            return 0;
        }
        if (Character.isDigit(h.charAt(0))) {
            try {
                long seconds = Long.parseLong(h);
                return seconds > 0 && seconds < 1_000_000_000L ? seconds * 1_000_000_000L : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        try {
            long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return at > nowMillis ? (at - nowMillis) * 1_000_000L : 0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
