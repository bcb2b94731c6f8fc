package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.it.app.credentials.CredentialsApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Passwords, tokens and user names in JDBC URLs, connection properties and HTTP URLs, through the
 * real PostgreSQL, H2, a driver that quotes them in its errors, the JDK client and Apache HttpClient:
 * none of them reaches an exported byte (metrics and logs), the {@code /health} JSON, or Bulwark's
 * lines on the JVM's stderr.
 */
class CredentialsIT {
    private static final String APP = "dev.bulwark.it.app.credentials.CredentialsApp";
    private static final String QUOTING = "jdbc:quoting://127.0.0.1:1/quoted";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path dir;

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void noCredentialReachesAnExportTheHealthEndpointOrStderr(Path jdk) throws Exception {
        Databases.require("PostgreSQL", 5432);
        int healthPort;
        try (ServerSocket s = new ServerSocket(0)) {
            healthPort = s.getLocalPort();
        }
        Path config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                jdbc:
                  pool: {acquire-timeout: 1s}
                http:
                  defaults:
                    circuit-breaker: {sliding-window-size: 4, minimum-number-of-calls: 4}
                    retry: {max-attempts: 2, wait-duration: 10ms}
                """);
        Path scanned = dir.resolve("scanned");
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            List<String> options = new ArrayList<>(receiver.exportOptions());
            options.addAll(List.of("-Dotel.metric.export.interval=300", "-Dotel.blrp.schedule.delay=100",
                    "-Dbulwark.telemetry.health-endpoint=true", "-Dbulwark.telemetry.health-port=" + healthPort));
            AgentJvm.Running app = AgentJvm.start(jdk, true, "config=" + config, options, APP, scanned.toString(), "pg");
            String ready = app.awaitLine("ready ");
            String failingPort = ready.substring(ready.indexOf("failing=") + "failing=".length());

            Set<String> expectedPools = Set.of("jdbc:h2:mem:creds", QUOTING, POSTGRES, POSTGRES + " #2",
                    POSTGRES + " #3");
            boolean exported = receiver.await(x -> poolNames(x).containsAll(expectedPools)
                    && !x.metrics("http.client.request.duration").isEmpty()
                    && eventNames(x).containsAll(Set.of("bulwark.retry.scheduled", "bulwark.call.rejected",
                            "bulwark.circuit_breaker.state_transition")), 60_000);

            HttpClient http = HttpClient.newHttpClient();
            String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Files.createFile(scanned);
            AgentJvm.Result r = app.waitFor();
            assertTrue(exported, () -> "pools " + poolNames(receiver) + ", events " + eventNames(receiver) + "\n" + r);
            assertEquals(0, r.exitCode(), r::toString);
            List<String> out = r.outLines();
            assertTrue(out.containsAll(List.of("attached=true", "h2 rows 1", "pg query 1", "pg properties 1",
                    "pg more properties 1", "pg userinfo refused PSQLException", "jdk ok 200", "jdk refused "
                    + "ConnectException", "apache ok 200", "done")), r::toString);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("quoting refused ")), r::toString);

            // The scenario happened: the failures that quote credentials were there to leak.
            assertTrue(health.contains("{\"name\":\"pool:" + QUOTING + "\",\"status\":\"DOWN\""), health);
            assertTrue(health.contains("cannot connect to " + QUOTING + " as "), health);
            assertTrue(health.contains("{\"name\":\"circuit-breaker:127.0.0.1:" + failingPort + "\",\"status\":\"DOWN\""),
                    health);
            assertTrue(r.err().contains("[bulwark] WARN pool " + QUOTING + " could not open a connection: "
                    + "java.sql.SQLException: cannot connect to " + QUOTING + " as "), r::toString);
            assertTrue(r.err().contains("pooling connections to " + POSTGRES + " #3 "), r::toString);

            for (String secret : CredentialsApp.SECRETS) {
                for (String form : List.of(secret, secret.toUpperCase(Locale.ROOT))) {
                    assertFalse(receiver.anyPayloadContains(form), () -> form + " reached an OTLP payload");
                    assertFalse(health.contains(form), () -> form + " reached /health: " + health);
                    assertFalse(r.err().contains(form), () -> form + " reached stderr\n" + r);
                    assertFalse(r.out().contains(form), () -> form + " reached stdout (the application's own)\n" + r);
                }
            }
        }
    }

    private static Set<String> poolNames(OtlpReceiver receiver) {
        return receiver.metrics("db.client.connection.count").stream()
                .flatMap(m -> (m.metric().hasSum() ? m.metric().getSum().getDataPointsList()
                        : m.metric().getGauge().getDataPointsList()).stream())
                .map(p -> OtlpReceiver.string(p.getAttributesList(), "db.client.connection.pool.name"))
                .collect(Collectors.toSet());
    }

    private static Set<String> eventNames(OtlpReceiver receiver) {
        return receiver.logs().stream().map(l -> l.log().getEventName()).collect(Collectors.toSet());
    }
}
