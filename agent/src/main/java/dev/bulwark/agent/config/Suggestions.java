package dev.bulwark.agent.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...": the closest known word within a few edits. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code word}, or null when none is close enough to be a typo. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (bestDistance <= allowed) {
            return best;
        }
        // An abbreviation is a typo of its own kind: 'prod' for 'production'.
        for (String c : candidates) {
            if (w.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(w)) {
                return c;
            }
        }
        return null;
    }

    /** " Did you mean 'x'?" or nothing. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : " Did you mean '" + c + "'?";
    }

    static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
