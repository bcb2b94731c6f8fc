package dev.bulwark.agent.config;

import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One {@code http.hosts} entry: the servers whose key ({@code host:port}) matches {@code pattern},
 * where {@code *} stands for any characters and a pattern without a port matches every port, and
 * what they get: policy settings, and optionally their own failure statuses and retry methods
 * (null: inherited).
 */
public record HostRule(String pattern, Pattern regex, Map<PolicyType, Map<String, Value>> settings,
        boolean[] failureStatuses, Set<String> retryMethods) {

    public static Pattern compile(String glob) {
        StringJoiner regex = new StringJoiner(".*");
        for (String part : glob.toLowerCase(java.util.Locale.ROOT).split("\\*", -1)) {
            regex.add(Pattern.quote(part));
        }
        boolean hasPort = glob.endsWith("*") || glob.matches(".*:[0-9*]+$");
        return Pattern.compile(regex + (hasPort ? "" : ":[0-9]+"));
    }

    public boolean matches(String server) {
        return regex.matcher(server).matches();
    }
}
