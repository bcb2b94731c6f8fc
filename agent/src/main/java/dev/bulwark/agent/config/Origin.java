package dev.bulwark.agent.config;

/**
 * Where a setting came from, as the user would look for it: {@code bulwark.yaml:12}, {@code system
 * property bulwark.retries.payments.max-attempts}, {@code environment variable BULWARK_...}.
 */
public record Origin(String source, int line) {

    public static Origin file(String file, int line) {
        return new Origin(file, line);
    }

    public static Origin systemProperty(String name) {
        return new Origin("system property " + name, 0);
    }

    public static Origin environmentVariable(String name) {
        return new Origin("environment variable " + name, 0);
    }

    public static Origin annotation(String annotation, String target) {
        return new Origin("@" + annotation + " on " + target, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line : source;
    }
}
