package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bulwark.annotations.BulwarkEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogBridgeTest {
    private final InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
    private final SdkLoggerProvider provider = SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
    private final EventQueue queue = new EventQueue();
    private final EventLogBridge bridge = new EventLogBridge(provider.get("dev.bulwark"), queue);

    @AfterEach
    void close() {
        provider.close();
    }

    private LogRecordData emitted(BulwarkEvent event) {
        queue.accept(event);
        bridge.drain();
        List<LogRecordData> all = exporter.getFinishedLogRecordItems();
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Test
    void anExhaustedPoolIsAWarningWithThePoolsStateAsAttributes() {
        LogRecordData log = emitted(new BulwarkEvent.PoolExhausted("jdbc:postgresql://db1:5432/orders", 10, 10, 3,
                Duration.ofSeconds(30), 7, Instant.parse("2026-11-25T05:00:00Z")));
        assertEquals("bulwark.pool.exhausted", log.getEventName());
        assertEquals(Severity.WARN, log.getSeverity());
        assertEquals("jdbc:postgresql://db1:5432/orders",
                log.getAttributes().get(AttributeKey.stringKey("db.client.connection.pool.name")));
        assertEquals(10L, log.getAttributes().get(AttributeKey.longKey("bulwark.pool.max_size")));
        assertEquals(10L, log.getAttributes().get(AttributeKey.longKey("bulwark.pool.in_use")));
        assertEquals(3L, log.getAttributes().get(AttributeKey.longKey("bulwark.pool.waiting")));
        assertEquals(30_000L, log.getAttributes().get(AttributeKey.longKey("bulwark.pool.acquire_timeout_ms")));
        assertEquals(7L, log.getAttributes().get(AttributeKey.longKey("bulwark.pool.timeouts")));
        assertEquals(Instant.parse("2026-11-25T05:00:00Z").toEpochMilli() * 1_000_000L, log.getTimestampEpochNanos());
        assertEquals("pool 'jdbc:postgresql://db1:5432/orders' exhausted: 7 borrowers got no connection within 30000ms "
                + "(10 in use of 10, 3 waiting)", log.getBodyValue().asString());
    }

    @Test
    void aPoolNameNeverCarriesAPasswordIntoTheLogRecord() {
        // pool names are database keys without credentials; the bridge redacts anyway
        LogRecordData log = emitted(new BulwarkEvent.PoolExhausted("jdbc:h2:mem:orders;PASSWORD=s3cr3t-pw", 1, 1, 1,
                Duration.ofSeconds(1), 1, Instant.EPOCH));
        assertFalse(log.getAttributes().toString().contains("s3cr3t-pw"), log::toString);
        assertFalse(log.getBodyValue().asString().contains("s3cr3t-pw"), log::toString);
    }

    @Test
    void anEjectedEndpointIsAWarningAndItsReturnIsInfo() {
        LogRecordData out = emitted(new BulwarkEvent.EndpointChanged("orders", "10.0.0.2:8080", false,
                "5 failures in a row, out for 30s", Instant.EPOCH));
        assertEquals("bulwark.endpoint.ejected", out.getEventName());
        assertEquals(Severity.WARN, out.getSeverity());
        assertEquals("orders", out.getAttributes().get(AttributeKey.stringKey("bulwark.service")));
        assertEquals("10.0.0.2:8080", out.getAttributes().get(AttributeKey.stringKey("bulwark.endpoint")));
        assertEquals("5 failures in a row, out for 30s",
                out.getAttributes().get(AttributeKey.stringKey("bulwark.reason")));
        exporter.reset();
        LogRecordData back = emitted(new BulwarkEvent.EndpointChanged("orders", "10.0.0.2:8080", true,
                "ejection time over", Instant.EPOCH));
        assertEquals("bulwark.endpoint.returned", back.getEventName());
        assertEquals(Severity.INFO, back.getSeverity());
    }

    @Test
    void eventsQueuedBeforeTheSdkIsUpAreKeptUpToTheCapacity() {
        for (int i = 0; i < EventQueue.CAPACITY + 3; i++) {
            queue.accept(new BulwarkEvent.ConfigReloaded("bulwark.yaml", Instant.EPOCH));
        }
        assertEquals(3, queue.dropped());
        bridge.drain();
        assertEquals(EventQueue.CAPACITY, exporter.getFinishedLogRecordItems().size());
        assertEquals(null, queue.poll());
    }
}
