package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json queries only metrics and labels that the README's Metrics table
 * documents, under the names a Prometheus-compatible backend gives them (OpenTelemetry's Prometheus
 * mapping: dots as underscores, a unit suffix, {@code _total} for counters, {@code _bucket}/{@code _count}/
 * {@code _sum} for histograms).
 */
class GrafanaDashboardTest {
    /** The unit suffixes of the mapping for the units the table uses; units in braces add none. */
    private static final Map<String, String> UNIT_SUFFIX = Map.of("s", "_seconds", "By", "_bytes", "%", "_percent",
            "ms", "_milliseconds", "1", "_ratio");
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*(`[^|]+`)\\s*\\|\\s*([a-z-]*)\\s*\\|\\s*`?([^|`]*?)`?\\s*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern QUERY = Pattern.compile("\"(?:expr|query|definition)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SELECTED_METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final Pattern LABEL_VALUES_METRIC = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!=|!~|=)\\s*\"");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z_.]+)`");

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) ? here : here.getParent();
    }

    private static String read(String file) throws IOException {
        return Files.readString(root().resolve(file));
    }

    /** The README's Metrics section, up to the next heading. */
    private static String metricsSection() throws IOException {
        String readme = read("README.md");
        int start = readme.indexOf("\n### Metrics\n");
        assertTrue(start >= 0, "README has no Metrics section");
        int end = readme.indexOf("\n### ", start + 1);
        return readme.substring(start, end);
    }

    /** Every Prometheus series name the table's metrics are stored under. */
    static Set<String> documentedSeries(String section) {
        Set<String> series = new TreeSet<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            String type = row.group(2);
            String unit = row.group(3).trim();
            List<String> names = BACKTICKED.matcher(row.group(1)).results().map(m -> m.group(1)).toList();
            if (names.isEmpty()) {
                continue; // `jvm.*`: the runtime-telemetry library's, checked by prefix
            }
            String first = names.get(0);
            for (String name : names) {
                // "`db.client.connection.create_time`, `.wait_time`": the later ones continue the first's prefix
                String full = name.startsWith(".") ? first.substring(0, first.lastIndexOf('.')) + name : name;
                String base = full.replace('.', '_') + UNIT_SUFFIX.getOrDefault(unit, "");
                switch (type) {
                    case "counter" -> series.add(base + "_total");
                    case "histogram" -> series.addAll(List.of(base + "_bucket", base + "_count", base + "_sum"));
                    default -> series.add(base);
                }
            }
        }
        return series;
    }

    /** Every attribute named in the table, as a label: dots as underscores. */
    static Set<String> documentedLabels(String section) {
        Set<String> labels = new TreeSet<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            BACKTICKED.matcher(row.group(4)).results().map(m -> m.group(1)).filter(a -> a.contains("."))
                    .forEach(a -> labels.add(a.replace('.', '_')));
        }
        labels.add("bulwark_policy_name"); // on every bulwark.* policy metric, said above the table
        labels.add("bulwark_target");
        return labels;
    }

    @Test
    void theMappingOfTheTableIsOpenTelemetrysPrometheusMapping() {
        String table = """
                | `bulwark.circuit_breaker.calls` | counter | `{call}` | `bulwark.outcome`: `success` | calls |
                | `bulwark.circuit_breaker.failure_rate` | gauge | `%` | | rate |
                | `db.client.connection.create_time`, `.wait_time` | histogram | `s` | `db.client.connection.pool.name` | x |
                | `bulwark.bulkhead.limit` | up-down | `{call}` | | limit |
                """;
        assertEquals(Set.of("bulwark_circuit_breaker_calls_total", "bulwark_circuit_breaker_failure_rate_percent",
                "db_client_connection_create_time_seconds_bucket", "db_client_connection_create_time_seconds_count",
                "db_client_connection_create_time_seconds_sum", "db_client_connection_wait_time_seconds_bucket",
                "db_client_connection_wait_time_seconds_count", "db_client_connection_wait_time_seconds_sum",
                "bulwark_bulkhead_limit"), documentedSeries(table));
        assertEquals(Set.of("bulwark_outcome", "db_client_connection_pool_name", "bulwark_policy_name",
                "bulwark_target"), documentedLabels(table));
    }

    @Test
    void everyMetricAndLabelTheDashboardQueriesIsInTheReadmesMetricsTable() throws IOException {
        String section = metricsSection();
        Set<String> series = documentedSeries(section);
        Set<String> labels = documentedLabels(section);
        boolean runtimeMetrics = section.contains("| `jvm.*` |");
        // service_name: the resource attribute service.name, promoted to a label (the README says how); le: buckets.
        labels.addAll(List.of("service_name", "le"));

        Set<String> queried = new LinkedHashSet<>();
        Set<String> unknownMetrics = new TreeSet<>();
        Set<String> unknownLabels = new TreeSet<>();
        Matcher q = QUERY.matcher(read("docs/grafana-dashboard.json"));
        while (q.find()) {
            String expr = q.group(1).replace("\\\"", "\"");
            List<String> metrics = new java.util.ArrayList<>();
            SELECTED_METRIC.matcher(expr).results().forEach(m -> metrics.add(m.group(1)));
            LABEL_VALUES_METRIC.matcher(expr).results().forEach(m -> metrics.add(m.group(1)));
            boolean jvm = false;
            for (String metric : metrics) {
                queried.add(metric);
                jvm |= metric.startsWith("jvm_");
                if (!series.contains(metric) && !(runtimeMetrics && metric.startsWith("jvm_"))) {
                    unknownMetrics.add(metric);
                }
            }
            List<String> used = new java.util.ArrayList<>();
            GROUPING.matcher(expr).results().forEach(m -> {
                for (String l : m.group(1).split(",")) {
                    used.add(l.trim());
                }
            });
            MATCHER.matcher(expr).results().forEach(m -> used.add(m.group(1)));
            for (String label : used) {
                // the runtime-telemetry library documents its own jvm.* attributes
                if (!label.isEmpty() && !labels.contains(label) && !(jvm && label.startsWith("jvm_"))) {
                    unknownLabels.add(label + " (in " + expr + ")");
                }
            }
        }
        assertTrue(queried.size() >= 15, () -> "the dashboard's queries were not read: " + queried);
        assertTrue(unknownMetrics.isEmpty(), () -> "queried but not in the README's Metrics table (as Prometheus "
                + "names): " + unknownMetrics + "\ndocumented: " + series);
        assertTrue(unknownLabels.isEmpty(), () -> "labels not documented: " + unknownLabels);
    }

    @Test
    void theReadmeSaysThatServiceNameMustBePromotedToALabel() throws IOException {
        String section = metricsSection();
        assertTrue(section.contains("service_name") && section.contains("promot"), section);
    }
}
