package dev.bulwark.bootstrap.telemetry;

import dev.bulwark.bootstrap.jdbc.DatabaseKey;

/**
 * The one place that takes credentials out of what Bulwark exports: metric attributes, log records,
 * health reasons. JDBC URLs lose their userinfo and parameters ({@link DatabaseKey}); HTTP URLs keep
 * scheme, host, port and path, and lose userinfo, query and fragment, where tokens travel.
 * Free text (an exception's message) has every URL in it redacted the same way and every
 * {@code password=...}-like value masked.
 */
public final class Redaction {
    /** What stands for a removed secret in free text. */
    public static final String MASK = "****";

    private static final String[] SECRET_KEYS = {"password", "passwd", "pwd", "secret", "token", "apikey", "api-key",
        "api_key", "access_token", "authorization", "credentials"};

    private Redaction() {
    }

    /**
     * A JDBC or HTTP(S) URL without credentials, parameters or fragment; anything else passes through
     * {@link #text}.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String trimmed = url.trim();
        if (trimmed.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return DatabaseKey.of(trimmed);
        }
        int scheme = schemeEnd(trimmed, 0);
        if (scheme > 0) {
            return hierarchicalUrl(trimmed, 0, trimmed.length());
        }
        return text(trimmed);
    }

    /**
     * Free text with every URL in it redacted ({@link #url}) and the value after a secret-looking key
     * ({@code password=}, {@code token:}, {@code Authorization: Bearer ...}) masked.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int urlEnd = urlAt(text, i);
            if (urlEnd > i) {
                String found = text.substring(i, urlEnd);
                out.append(found.regionMatches(true, 0, "jdbc:", 0, 5) ? DatabaseKey.of(found)
                        : hierarchicalUrl(found, 0, found.length()));
                i = urlEnd;
                continue;
            }
            int secretEnd = secretValueStart(text, i);
            if (secretEnd > i) {
                out.append(text, i, secretEnd).append(MASK);
                i = valueEnd(text, secretEnd);
                continue;
            }
            out.append(text.charAt(i));
            i++;
        }
        return out.toString();
    }

    /**
     * As {@link #text(String)}, and each of the {@code known} values (a connection's user and password,
     * which a driver may quote anywhere in its message) masked where it stands as a whole word.
     */
    public static String text(String text, String... known) {
        String out = text(text);
        if (out == null) {
            return null;
        }
        for (String value : known) {
            if (value != null && !value.isEmpty()) {
                out = maskWord(out, value);
            }
        }
        return out;
    }

    private static String maskWord(String s, String word) {
        StringBuilder out = null;
        int from = 0;
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            int end = i + word.length();
            if (i < from || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))
                    || (end < s.length() && Character.isLetterOrDigit(s.charAt(end)))) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, from, i).append(MASK);
            from = end;
        }
        return out == null ? s : out.append(s, from, s.length()).toString();
    }

    /** {@code scheme://[userinfo@]host[:port][/path][?query][#fragment]} → {@code scheme://host[:port][/path]}. */
    private static String hierarchicalUrl(String s, int start, int end) {
        int authority = s.indexOf("://", start) + 3;
        int pathStart = end;
        for (int i = authority; i < end; i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                pathStart = i;
                break;
            }
        }
        // The last '@' before the path ends the userinfo: a password may hold '@'.
        int at = s.lastIndexOf('@', pathStart - 1);
        int hostStart = at >= authority ? at + 1 : authority;
        int pathEnd = pathStart;
        while (pathEnd < end && s.charAt(pathEnd) != '?' && s.charAt(pathEnd) != '#') {
            pathEnd++;
        }
        String path = s.substring(pathStart, pathEnd);
        if (path.indexOf('@') >= 0 || path.indexOf(';') >= 0) {
            // An '@' after a '/' is a password holding '/'; a ';' starts matrix parameters.
            // Keep only the host part we trust.
            at = s.lastIndexOf('@', pathEnd - 1);
            if (at >= authority) {
                return s.substring(start, authority) + cutAtPath(s, at + 1, pathEnd);
            }
            path = path.substring(0, path.indexOf(';') >= 0 ? path.indexOf(';') : path.length());
        }
        return s.substring(start, authority) + s.substring(hostStart, pathStart) + path;
    }

    private static String cutAtPath(String s, int from, int end) {
        int semi = s.indexOf(';', from);
        return s.substring(from, semi >= 0 && semi < end ? semi : end);
    }

    /** Index just past a {@code scheme:} at {@code from} (letters, digits, '+', '-', '.') before "//"; else -1. */
    private static int schemeEnd(String s, int from) {
        int i = from;
        if (i >= s.length() || !Character.isLetter(s.charAt(i))) {
            return -1;
        }
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "+-.".indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return s.startsWith("://", i) ? i : -1;
    }

    /** The end of a URL that starts at {@code i} (at a word boundary), or -1. */
    private static int urlAt(String s, int i) {
        if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == ':')) {
            return -1;
        }
        boolean jdbc = s.regionMatches(true, i, "jdbc:", 0, 5);
        if (!jdbc && schemeEnd(s, i) < 0) {
            return -1;
        }
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && "\"'<>,)]}".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    /** Where the value after a secret key at {@code i} starts ({@code password=}, {@code password: }), or -1. */
    private static int secretValueStart(String s, int i) {
        if (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
            return -1;
        }
        for (String key : SECRET_KEYS) {
            if (s.regionMatches(true, i, key, 0, key.length())) {
                int j = i + key.length();
                while (j < s.length() && s.charAt(j) == ' ') {
                    j++;
                }
                if (j < s.length() && (s.charAt(j) == '=' || s.charAt(j) == ':')) {
                    j++;
                    while (j < s.length() && s.charAt(j) == ' ') {
                        j++;
                    }
                    if (key.equals("authorization")) {
                        // "Authorization: Bearer abc": the scheme may stay, the credentials go.
                        int word = j;
                        while (word < s.length() && Character.isLetter(s.charAt(word))) {
                            word++;
                        }
                        if (word < s.length() && s.charAt(word) == ' ' && word > j) {
                            j = word + 1;
                        }
                    }
                    return j;
                }
            }
        }
        return -1;
    }

    private static int valueEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "&;,\"')]}".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
