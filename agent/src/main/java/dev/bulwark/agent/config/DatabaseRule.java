package dev.bulwark.agent.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code jdbc.databases} entry: the databases whose key (the JDBC URL without credentials or
 * parameters) matches {@code pattern}, where {@code *} stands for any characters, and the policy
 * settings they get.
 */
public record DatabaseRule(String pattern, Pattern regex, Map<PolicyType, Map<String, Value>> settings) {

    public static Pattern compile(String glob) {
        StringBuilder b = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (b.length() > 0 || glob.startsWith("*")) {
                b.append(".*");
            }
            b.append(Pattern.quote(part));
        }
        return Pattern.compile(glob.equals("*") ? ".*" : b.toString().replace(Pattern.quote("") + ".*", ".*"));
    }

    public boolean matches(String databaseKey) {
        return regex.matcher(databaseKey).matches();
    }
}
