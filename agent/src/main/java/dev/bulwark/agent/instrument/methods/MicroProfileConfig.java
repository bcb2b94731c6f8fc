package dev.bulwark.agent.instrument.methods;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The MicroProfile Config properties that override MicroProfile Fault Tolerance annotations, read
 * the way MicroProfile Config reads them without a container: a system property first, then an
 * environment variable of the same name, of that name with every other character than a letter or
 * a digit turned into {@code _}, and of that in upper case.
 */
final class MicroProfileConfig {
    private final Properties properties;
    private final Map<String, String> environment;

    MicroProfileConfig(Properties properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** This JVM's system properties and environment, as they are now. */
    static MicroProfileConfig current() {
        return new MicroProfileConfig(System.getProperties(), System.getenv());
    }

    /** The value and where it came from, or null when no source sets the key. */
    Value get(String key) {
        String v = properties.getProperty(key);
        if (v != null) {
            return new Value(v.trim(), "system property " + key);
        }
        String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
        for (String name : new String[] {key, sanitized, sanitized.toUpperCase(Locale.ROOT)}) {
            v = environment.get(name);
            if (v != null) {
                return new Value(v.trim(), "environment variable " + name);
            }
        }
        return null;
    }

    /** A configured value: its text and its source, to name in a message. */
    record Value(String text, String source) {
    }
}
