package dev.bulwark.annotations;

import java.time.Duration;
import java.util.Locale;

/** Formats durations the way Bulwark's configuration writes them: 250ms, 1.5s, 1m30s, 1h. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0 && h == 0) {
            b.append(sec).append('s'); // seconds matter below an hour only
        }
        return b.toString();
    }
}
