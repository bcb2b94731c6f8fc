package dev.bulwark.agent.config;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One {@code jdbc.databases} entry: the databases whose key (the JDBC URL without credentials or
 * parameters) matches {@code pattern}, where {@code *} stands for any characters, and the policy
 * settings they get.
 */
public record DatabaseRule(String pattern, Pattern regex, Map<PolicyType, Map<String, Value>> settings) {

    public static Pattern compile(String glob) {
        StringJoiner regex = new StringJoiner(".*");
        for (String part : glob.split("\\*", -1)) {
            regex.add(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    public boolean matches(String databaseKey) {
        return regex.matcher(databaseKey).matches();
    }
}
