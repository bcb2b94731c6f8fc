package dev.bulwark.annotations;

import java.time.Duration;

/** Formats durations the way Bulwark's messages and configuration write them. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms >= 1000 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        if (ms >= 1000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return ms + "ms";
    }
}
