package dev.bulwark.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration from every place it may come from and layers it, lowest first: the file,
 * its environment overlay, environment variables, system properties. (Built-in defaults and
 * annotation attributes lie under all of these; they are applied per method.)
 */
public final class Loader {
    private Loader() {
    }

    public record Result(Rules rules, List<ConfigError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * @param file the configuration file, or null for none
     * @param environment the overlay to apply, or null
     * @param environmentOrigin where the environment's name was given, for messages
     */
    public static Result load(Path file, String environment, Origin environmentOrigin, Map<String, String> env,
            Properties properties) {
        List<ConfigError> errors = new ArrayList<>();
        List<Setting> base = new ArrayList<>();
        Map<String, List<Setting>> overlays = new LinkedHashMap<>();
        if (file != null) {
            YamlSettings.Parsed parsed = YamlSettings.read(file);
            errors.addAll(parsed.errors());
            split(parsed.settings(), base, overlays, errors);
        }
        Map<List<String>, Setting> merged = new LinkedHashMap<>();
        base.forEach(s -> merged.put(s.path(), s));
        if (environment != null) {
            List<Setting> overlay = overlays.get(environment);
            if (overlay == null) {
                errors.add(new ConfigError(environmentOrigin, "unknown environment '" + environment + "'; "
                        + (overlays.isEmpty() ? (file == null ? "no configuration file is given"
                                : "the file defines no environments:")
                                : "the file defines: " + String.join(", ", new TreeSet<>(overlays.keySet())) + "."
                                        + Suggestions.didYouMean(environment, overlays.keySet()))));
            } else {
                overlay.forEach(s -> merged.put(s.path(), s));
            }
        }
        // Every overlay is checked, not only the one in force: a typo in production's must show in staging too.
        // It is built over the base, as it would be in force (it may name the base's policies), and only the
        // faults of its own lines are reported; the base's are reported once, below.
        overlays.forEach((name, overlay) -> {
            if (!name.equals(environment)) {
                Map<List<String>, Setting> layered = new LinkedHashMap<>();
                base.forEach(s -> layered.put(s.path(), s));
                overlay.forEach(s -> layered.put(s.path(), s));
                Set<Origin> own = new HashSet<>();
                overlay.forEach(s -> own.add(s.origin()));
                new RulesBuilder(null, name).build(layered.values()).errors().stream()
                        .filter(e -> own.contains(e.origin())).forEach(errors::add);
            }
        });
        List<List<String>> known = new ArrayList<>(merged.keySet());
        overlays.values().forEach(list -> list.forEach(s -> known.add(s.path())));
        Overrides.fromEnvironment(env, known, errors).forEach(s -> merged.put(s.path(), s));
        Overrides.fromSystemProperties(properties, errors).forEach(s -> merged.put(s.path(), s));
        RulesBuilder.Built built = new RulesBuilder(file == null ? null : file.toString(), environment)
                .build(merged.values());
        errors.addAll(built.errors());
        // In the order a reader meets them: file lines first, then properties and variables.
        String source = file == null ? null : file.toString();
        errors.sort(Comparator.comparing((ConfigError e) -> e.origin() == null || !e.origin().source().equals(source))
                .thenComparing(e -> e.origin() == null ? "" : e.origin().source())
                .thenComparingInt(e -> e.origin() == null ? 0 : e.origin().line()));
        return new Result(built.rules(), List.copyOf(errors));
    }

    /** Separates {@code environments.<name>.*} from the base settings. */
    private static void split(List<Setting> settings, List<Setting> base, Map<String, List<Setting>> overlays,
            List<ConfigError> errors) {
        for (Setting s : settings) {
            List<String> p = s.path();
            if (p.isEmpty() || !p.get(0).equals("environments")) {
                base.add(s);
                continue;
            }
            boolean empty = s.raw() == Setting.EMPTY || s.raw() == null;
            if (p.size() == 1) {
                if (!empty) {
                    errors.add(new ConfigError(s.origin(), "environments must be a mapping of environment names to "
                            + "overlays, not " + Schema.describe(s.raw())));
                }
            } else if (p.size() == 2) {
                if (empty) {
                    overlays.computeIfAbsent(p.get(1), n -> new ArrayList<>());
                } else {
                    errors.add(new ConfigError(s.origin(), KeyPath.format(p) + " must be a mapping of sections, like "
                            + "the top of the file, not " + Schema.describe(s.raw())));
                }
            } else if (p.get(2).equals("environments")) {
                errors.add(new ConfigError(s.origin(), "environments cannot be nested inside environment '" + p.get(1)
                        + "'"));
            } else {
                overlays.computeIfAbsent(p.get(1), n -> new ArrayList<>())
                        .add(new Setting(p.subList(2, p.size()), s.raw(), s.origin()));
            }
        }
    }
}
