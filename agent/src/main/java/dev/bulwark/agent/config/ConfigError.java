package dev.bulwark.agent.config;

/** One problem with the configuration, where it is and what is allowed; shown to users as one line. */
public record ConfigError(Origin origin, String message) {

    @Override
    public String toString() {
        return origin == null ? message : origin + ": " + message;
    }
}
