package dev.bulwark.bootstrap.jdbc;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The key of a database: the JDBC URL without credentials or parameters, e.g.
 * {@code jdbc:postgresql://user:secret@db1:5432/orders?ssl=true} becomes
 * {@code jdbc:postgresql://db1:5432/orders}. One key is one Guard, one breaker, one set of figures.
 *
 * <p>Safety comes before precision: when a URL is ambiguous (a password holding '@', '/', '?' or
 * ';'), the key may name the database less precisely, but it never carries the userinfo, a '?' or
 * a ';' parameter. A URL that cannot be read safely at all becomes {@value #UNKNOWN}.
 */
public final class DatabaseKey {
    /** The key of a null URL, of one that does not start with {@code jdbc:}, and of one that cannot be read safely. */
    public static final String UNKNOWN = "jdbc:unknown";

    private static final String PREFIX = "jdbc:";
    private static final int MAX_CACHED = 1024;
    // Keyed by the raw URL, which the application already holds in memory; values carry no credentials.
    private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

    private DatabaseKey() {
    }

    /** The key of {@code url}: the JDBC URL without userinfo or parameters; {@value #UNKNOWN} for null or a non-JDBC URL. */
    public static String of(String url) {
        if (url == null) {
            return UNKNOWN;
        }
        String key = CACHE.get(url);
        if (key != null) {
            return key;
        }
        key = parse(url);
        if (CACHE.size() >= MAX_CACHED) {
            // An application that builds URLs endlessly must not grow our memory; the common case
            // (a handful of databases) refills at once.
            CACHE.clear();
        }
        CACHE.put(url, key);
        return key;
    }

    /** For log lines: the same as {@link #of(String)}. */
    public static String redact(String url) {
        return of(url);
    }

    static int cacheSize() {
        return CACHE.size();
    }

    static String parse(String url) {
        if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            return UNKNOWN;
        }
        if (url.startsWith("jdbc:oracle:")) {
            return oracle(url);
        }
        int sep = url.indexOf("://", PREFIX.length());
        if (sep > PREFIX.length() && isSubprotocol(url, PREFIX.length(), sep)) {
            return hierarchical(url, sep);
        }
        return opaque(url);
    }

    /** {@code jdbc:sub[:sub...]://[userinfo@]hosts[/path][?params | ;params]}: PostgreSQL, MySQL, MariaDB, SQL Server, H2 tcp, ... */
    private static String hierarchical(String url, int sep) {
        String prefix = url.substring(0, sep + 3);
        int authStart = sep + 3;
        int firstParam = indexOfAny(url, "?;", authStart);

        int hostStart = userinfoEnd(url, authStart, firstParam);
        if (hostStart < 0) {
            hostStart = authStart;
            if (!isHostList(url, hostStart, indexOfAny(url, "/?;", hostStart))) {
                if (indexOfAny(url, "(=", authStart) >= 0 && indexOfAny(url, "(=", authStart) < firstParam) {
                    return keyValueHosts(url, prefix, authStart, firstParam);
                }
                return UNKNOWN;
            }
        }
        int hostEnd = indexOfAny(url, "/?;", hostStart);
        return prefix + url.substring(hostStart, hostEnd) + path(url, hostEnd);
    }

    /**
     * Where the hosts start when the URL carries {@code user[:password]@}, or -1. The delimiter is the
     * last '@' followed by a valid host list, so a password may hold '@' and '/'. An '@' inside a
     * {@code name=value} parameter ({@code ?user=alice@corp}, SQL Server's {@code ;user=alice@srv}) is
     * not one; an '@' after a '?' or ';' that starts no such parameter is a password holding '?' or ';'.
     */
    private static int userinfoEnd(String url, int authStart, int firstParam) {
        int userEnd = indexOfAny(url, ":@", authStart);
        if (userEnd == url.length() || indexOfAny(url, "/?;=&", authStart) < userEnd) {
            return -1;
        }
        for (int at = url.lastIndexOf('@'); at >= authStart; at = url.lastIndexOf('@', at - 1)) {
            if (at > firstParam && inParameterValue(url, firstParam, at)) {
                continue;
            }
            if (isHostList(url, at + 1, indexOfAny(url, "/?;", at + 1))) {
                return at + 1;
            }
        }
        return -1;
    }

    /** Whether {@code at} sits after the '=' of a parameter: between the last '?', ';' or '&' before it and it, there is a '='. */
    private static boolean inParameterValue(String url, int firstParam, int at) {
        for (int i = at - 1; i >= firstParam; i--) {
            char c = url.charAt(i);
            if (c == '=') {
                return true;
            }
            if (c == '?' || c == ';' || c == '&') {
                return false;
            }
        }
        return false;
    }

    /**
     * MySQL Connector/J's {@code address=(host=h)(port=3306)(user=u)(password=p)} and {@code (host=h,port=3306,...)}
     * forms: only the host and port values are copied, so no other property can leak.
     */
    private static String keyValueHosts(String url, String prefix, int start, int end) {
        StringBuilder hosts = new StringBuilder();
        boolean hostOpen = false;
        for (int i = start; i < end; i++) {
            int valueStart;
            if ((valueStart = valueAfter(url, i, "host=")) > 0) {
                int valueEnd = hostValueEnd(url, valueStart, end);
                if (valueEnd > valueStart) {
                    hosts.append(hosts.length() > 0 ? "," : "").append(url, valueStart, valueEnd);
                }
                hostOpen = valueEnd > valueStart;
                i = valueEnd - 1;
            } else if (hostOpen && (valueStart = valueAfter(url, i, "port=")) > 0) {
                int valueEnd = valueStart;
                while (valueEnd < end && Character.isDigit(url.charAt(valueEnd))) {
                    valueEnd++;
                }
                if (valueEnd > valueStart) {
                    hosts.append(':').append(url, valueStart, valueEnd);
                }
                hostOpen = false;
                i = valueEnd - 1;
            }
        }
        if (hosts.length() == 0) {
            return UNKNOWN;
        }
        int lastParen = url.lastIndexOf(')', end - 1);
        int slash = lastParen >= start ? lastParen + 1 : -1;
        String path = slash > 0 && slash < end && url.charAt(slash) == '/' ? path(url, slash) : "";
        return prefix + hosts + path;
    }

    /** Index of the value when {@code name} starts at {@code i} as a whole key (after '(', ',', or a blank), else -1. */
    private static int valueAfter(String url, int i, String name) {
        if (!url.regionMatches(true, i, name, 0, name.length())) {
            return -1;
        }
        char before = url.charAt(i - 1);
        return before == '(' || before == ',' || before == ' ' || before == '/' ? i + name.length() : -1;
    }

    private static int hostValueEnd(String url, int from, int end) {
        int i = from;
        while (i < end && isHostChar(url.charAt(i)) && url.charAt(i) != ':') {
            i++;
        }
        return i;
    }

    /** The path up to the parameters: '?', ';', or DB2/Informix style {@code /db:user=u;}. */
    private static String path(String url, int from) {
        if (from >= url.length() || url.charAt(from) != '/') {
            return "";
        }
        int end = indexOfAny(url, "?;", from);
        int colon = url.indexOf(':', from);
        while (colon >= 0 && colon < end) {
            if (startsProperty(url, colon + 1, end)) {
                end = colon;
                break;
            }
            colon = url.indexOf(':', colon + 1);
        }
        return url.substring(from, end);
    }

    private static boolean startsProperty(String url, int from, int end) {
        int i = from;
        while (i < end && (Character.isLetterOrDigit(url.charAt(i)) || url.charAt(i) == '_' || url.charAt(i) == '.')) {
            i++;
        }
        return i > from && i < end && url.charAt(i) == '=';
    }

    /** {@code jdbc:oracle:thin:[user/password]@connect-string}; the userinfo sits between the driver type and the '@'. */
    private static String oracle(String url) {
        int typeEnd = url.indexOf(':', "jdbc:oracle:".length());
        if (typeEnd < 0) {
            return cutParameters(url);
        }
        String prefix = url.substring(0, typeEnd + 1);
        if (!isSubprotocol(prefix, PREFIX.length(), prefix.length() - 1)) {
            return UNKNOWN;
        }
        int firstParam = indexOfAny(url, "?;", typeEnd + 1);
        int at = url.lastIndexOf('@', firstParam - 1);
        if (at <= typeEnd) {
            at = url.lastIndexOf('@');
        }
        if (at > typeEnd) {
            return prefix + cutParameters(url.substring(at));
        }
        String rest = cutParameters(url.substring(typeEnd + 1));
        // No '@': a TNS alias is kept; "scott/tiger" alone is credentials, not a database.
        return rest.indexOf('/') >= 0 ? prefix : prefix + rest;
    }

    /** {@code jdbc:h2:mem:test;DB_CLOSE_DELAY=-1}, {@code jdbc:derby:db;user=u}: everything before the parameters. */
    private static String opaque(String url) {
        String kept = cutParameters(url);
        int at = kept.lastIndexOf('@');
        if (at < 0) {
            return kept;
        }
        // An unknown form with an '@': whatever precedes it may be credentials, keep only the first sub-protocol.
        int firstColon = kept.indexOf(':', PREFIX.length());
        if (firstColon < 0 || firstColon > at) {
            return UNKNOWN;
        }
        return kept.substring(0, firstColon + 1) + kept.substring(at);
    }

    private static String cutParameters(String s) {
        return s.substring(0, indexOfAny(s, "?;", 0));
    }

    /** Comma-separated {@code host[:port]} entries; hosts are names, IPv4, or bracketed IPv6; empty only as a whole ({@code jdbc:postgresql:///db}). */
    private static boolean isHostList(String url, int start, int end) {
        if (start == end) {
            return true;
        }
        int entry = start;
        while (entry <= end) {
            int entryEnd = url.indexOf(',', entry);
            if (entryEnd < 0 || entryEnd > end) {
                entryEnd = end;
            }
            if (!isHost(url, entry, entryEnd)) {
                return false;
            }
            entry = entryEnd + 1;
        }
        return true;
    }

    private static boolean isHost(String url, int start, int end) {
        int i = start;
        if (i < end && url.charAt(i) == '[') {
            int close = url.indexOf(']', i);
            if (close < 0 || close >= end || close == i + 1) {
                return false;
            }
            for (int j = i + 1; j < close; j++) {
                char c = url.charAt(j);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%' || Character.isLetterOrDigit(c))) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < end && url.charAt(i) != ':') {
                if (!isHostChar(url.charAt(i))) {
                    return false;
                }
                i++;
            }
        }
        if (i == end) {
            return i > start;
        }
        if (url.charAt(i) != ':' || i + 1 == end || end - (i + 1) > 5) {
            return false;
        }
        for (int j = i + 1; j < end; j++) {
            if (!Character.isDigit(url.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == '%';
    }

    private static boolean isSubprotocol(String url, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = url.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == ':' || c == '-' || c == '_' || c == '.' || c == '+')) {
                return false;
            }
        }
        return end > start;
    }

    /** First index at or after {@code from} of any of {@code chars}, or {@code s.length()}. */
    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
