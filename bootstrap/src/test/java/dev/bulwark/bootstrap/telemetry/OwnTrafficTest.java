package dev.bulwark.bootstrap.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnTrafficTest {
    @AfterEach
    void clear() {
        OwnTraffic.clear();
    }

    @Test
    void theCollectorsServerIsOwnAndNoOtherIs() {
        OwnTraffic.exclude("http://Collector.local:4318/v1/metrics");
        assertTrue(OwnTraffic.isOwn("collector.local", 4318));
        assertFalse(OwnTraffic.isOwn("collector.local", 4317));
        assertFalse(OwnTraffic.isOwn("payments", 4318));
        assertFalse(OwnTraffic.isOwn(null, 4318));
    }

    @Test
    void aUrlWithoutPortTakesTheSchemesDefault() {
        OwnTraffic.exclude("https://otlp.example.com/v1/logs");
        assertTrue(OwnTraffic.isOwn("otlp.example.com", 443));
    }

    @Test
    void whatIsNotAUrlIsIgnored() {
        OwnTraffic.exclude("not a url");
        OwnTraffic.exclude("/v1/metrics");
        assertFalse(OwnTraffic.isOwn("localhost", 80));
    }
}
