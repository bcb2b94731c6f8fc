package dev.bulwark.agent.config;

/** A checked configuration value with where it came from and how it was written. */
public record Value(Object value, Origin origin, String written) {
}
