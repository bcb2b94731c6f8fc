package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.bootstrap.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    @Test
    void writesMicroProfileHealthJsonWithTheReasonInData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", "OPEN");
        data.put("failureRate", 75.0f);
        String json = HealthEndpoint.json(List.of(HealthStatus.up("bulwark", Map.of()),
                HealthStatus.down("circuit-breaker:pay\"ments", "it is \"OPEN\"", data)), false);
        assertEquals("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"bulwark\",\"status\":\"UP\"},"
                + "{\"name\":\"circuit-breaker:pay\\\"ments\",\"status\":\"DOWN\","
                + "\"data\":{\"reason\":\"it is \\\"OPEN\\\"\","
                + "\"failureRate\":75.0,\"state\":\"OPEN\"}}]}", json);
    }
}
