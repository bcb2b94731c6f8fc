package dev.bulwark.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the agent itself runs: which file, which environment, strict or not, how often to look for
 * changes. Read from the {@code -javaagent} arguments ({@code config=PATH,environment=NAME,...}),
 * then system properties ({@code bulwark.config}), then environment variables ({@code BULWARK_CONFIG}).
 */
public record AgentSettings(Path config, String environment, Origin environmentOrigin, boolean strict,
        long reloadIntervalNanos, List<ConfigError> errors) {

    public static final long DEFAULT_RELOAD_NANOS = 2_000_000_000L;
    private static final List<String> ARGUMENTS = List.of("config", "environment", "strict", "reload-interval");

    public static AgentSettings resolve(String arguments, Properties properties, Map<String, String> env) {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, String> args = new java.util.LinkedHashMap<>();
        if (arguments != null && !arguments.isBlank()) {
            for (String part : arguments.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
                if (eq < 0 && ARGUMENTS.contains(key)) {
                    // Suggesting the very word the user wrote would not help: what is missing is the value.
                    errors.add(new ConfigError(new Origin("-javaagent argument", 0), "'" + key + "' has no value;"
                            + " allowed: config=PATH, environment=NAME, strict=true|false, reload-interval=DURATION, "
                            + "separated by commas"));
                } else if (eq < 0 || !ARGUMENTS.contains(key)) {
                    errors.add(new ConfigError(new Origin("-javaagent argument", 0), "'" + part.trim()
                            + "' is not an agent argument." + Suggestions.didYouMean(key, ARGUMENTS)
                            + " Allowed: config=PATH, environment=NAME, strict=true|false, reload-interval=DURATION, "
                            + "separated by commas"));
                } else {
                    args.put(key, part.substring(eq + 1).trim());
                }
            }
        }
        Found config = find(args, "config", properties, "bulwark.config", env, "BULWARK_CONFIG");
        Found environment = find(args, "environment", properties, "bulwark.environment", env, "BULWARK_ENVIRONMENT");
        Found strict = find(args, "strict", properties, "bulwark.config.strict", env, "BULWARK_CONFIG_STRICT");
        Found reload = find(args, "reload-interval", properties, "bulwark.config.reload-interval", env,
                "BULWARK_CONFIG_RELOAD_INTERVAL");
        boolean isStrict = true;
        if (strict != null) {
            try {
                isStrict = (Boolean) ValueType.BOOLEAN.parse(strict.value);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(strict.origin, e.getMessage()));
            }
        }
        long reloadNanos = DEFAULT_RELOAD_NANOS;
        if (reload != null) {
            try {
                long nanos = Durations.parseNanos(reload.value);
                if (nanos < 0) {
                    throw new IllegalArgumentException("'" + reload.value + "' is negative; allowed: 0 (never reload) or "
                            + Durations.ALLOWED);
                }
                reloadNanos = nanos;
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(reload.origin, e.getMessage()));
            }
        }
        Path file = config == null || config.value.isBlank() ? null : Path.of(config.value);
        return new AgentSettings(file, environment == null || environment.value.isBlank() ? null : environment.value,
                environment == null ? null : environment.origin, isStrict, reloadNanos, List.copyOf(errors));
    }

    private record Found(String value, Origin origin) {
    }

    private static Found find(Map<String, String> args, String arg, Properties properties, String property,
            Map<String, String> env, String variable) {
        if (args.containsKey(arg)) {
            return new Found(args.get(arg), new Origin("-javaagent argument " + arg, 0));
        }
        String p = properties.getProperty(property);
        if (p != null) {
            return new Found(p, Origin.systemProperty(property));
        }
        String v = env.get(variable);
        return v == null ? null : new Found(v, Origin.environmentVariable(variable));
    }
}
