package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.PolicyKind;
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

    private static String string(LogRecordData log, String key) {
        return log.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static Long number(LogRecordData log, String key) {
        return log.getAttributes().get(AttributeKey.longKey(key));
    }

    @Test
    void aBreakerThatOpensIsAWarningAndOneThatClosesOrHalfOpensIsInfo() {
        LogRecordData open = emitted(new BulwarkEvent.StateTransition("payments", CircuitBreakerState.CLOSED,
                CircuitBreakerState.OPEN, Instant.EPOCH));
        assertEquals("bulwark.circuit_breaker.state_transition", open.getEventName());
        assertEquals(Severity.WARN, open.getSeverity());
        assertEquals("payments", string(open, "bulwark.policy.name"));
        assertEquals("closed", string(open, "bulwark.circuit_breaker.state.from"));
        assertEquals("open", string(open, "bulwark.circuit_breaker.state.to"));
        assertEquals("circuit breaker 'payments' CLOSED -> OPEN", open.getBodyValue().asString());
        exporter.reset();
        LogRecordData halfOpen = emitted(new BulwarkEvent.StateTransition("payments", CircuitBreakerState.OPEN,
                CircuitBreakerState.HALF_OPEN, Instant.EPOCH));
        assertEquals(Severity.INFO, halfOpen.getSeverity());
        assertEquals("half_open", string(halfOpen, "bulwark.circuit_breaker.state.to"));
        exporter.reset();
        LogRecordData closed = emitted(new BulwarkEvent.StateTransition("payments", CircuitBreakerState.HALF_OPEN,
                CircuitBreakerState.CLOSED, Instant.EPOCH));
        assertEquals(Severity.INFO, closed.getSeverity());
        assertEquals("half_open", string(closed, "bulwark.circuit_breaker.state.from"));
    }

    @Test
    void aScheduledRetryIsInfoWithTheAttemptTheDelayAndTheFailuresTypeOnly() {
        LogRecordData log = emitted(new BulwarkEvent.RetryScheduled("payments-retry", "com.acme.Payments#charge", 2,
                Duration.ofMillis(400), new IllegalStateException("card 4111-1111 declined"), Instant.EPOCH));
        assertEquals("bulwark.retry.scheduled", log.getEventName());
        assertEquals(Severity.INFO, log.getSeverity());
        assertEquals("payments-retry", string(log, "bulwark.policy.name"));
        assertEquals("com.acme.Payments#charge", string(log, "bulwark.target"));
        assertEquals(2L, number(log, "bulwark.retry.attempt"));
        assertEquals(400L, number(log, "bulwark.retry.delay_ms"));
        assertEquals("java.lang.IllegalStateException", string(log, "exception.type"));
        assertFalse(log.toString().contains("4111"), "an exception travels as its type only");
    }

    @Test
    void exhaustedRetriesAreAWarningWithTheAttemptsAndTheLastFailuresType() {
        LogRecordData log = emitted(new BulwarkEvent.RetriesExhausted("payments-retry",
                "https://user:s3cr3t-pw@api.example.com/charge", 3, "java.io.IOException", Instant.EPOCH));
        assertEquals("bulwark.retry.exhausted", log.getEventName());
        assertEquals(Severity.WARN, log.getSeverity());
        assertEquals("payments-retry", string(log, "bulwark.policy.name"));
        assertEquals("https://api.example.com/charge", string(log, "bulwark.target"));
        assertEquals(3L, number(log, "bulwark.retry.attempts"));
        assertEquals("java.io.IOException", string(log, "exception.type"));
        assertFalse(log.toString().contains("s3cr3t-pw"), log::toString);
    }

    @Test
    void aRejectedCallIsAWarningNamingThePolicyItsKindTheTargetAndWhy() {
        LogRecordData log = emitted(new BulwarkEvent.CallRejected("inventory", PolicyKind.BULKHEAD,
                "com.acme.Stock#reserve", "bulkhead 'inventory' is full (10 calls)", Instant.EPOCH));
        assertEquals("bulwark.call.rejected", log.getEventName());
        assertEquals(Severity.WARN, log.getSeverity());
        assertEquals("inventory", string(log, "bulwark.policy.name"));
        assertEquals("bulkhead", string(log, "bulwark.policy.kind"));
        assertEquals("com.acme.Stock#reserve", string(log, "bulwark.target"));
        assertEquals("bulkhead 'inventory' is full (10 calls)", string(log, "bulwark.reason"));
    }

    @Test
    void aDeadLetteredMessageIsAWarningWithBothQueuesAndTheAttempts() {
        LogRecordData log = emitted(new BulwarkEvent.DeadLettered("orders", "orders.dlq", 4,
                "java.lang.IllegalStateException", Instant.EPOCH));
        assertEquals("bulwark.message.dead_lettered", log.getEventName());
        assertEquals(Severity.WARN, log.getSeverity());
        assertEquals("orders", string(log, "messaging.destination.name"));
        assertEquals("orders.dlq", string(log, "bulwark.dead_letter_queue"));
        assertEquals(4L, number(log, "bulwark.attempts"));
        assertEquals("java.lang.IllegalStateException", string(log, "exception.type"));
    }

    @Test
    void aReloadedConfigurationIsInfoAndARejectedOneAnErrorCountingItsErrors() {
        LogRecordData reloaded = emitted(new BulwarkEvent.ConfigReloaded("/etc/bulwark.yaml", Instant.EPOCH));
        assertEquals("bulwark.config.reloaded", reloaded.getEventName());
        assertEquals(Severity.INFO, reloaded.getSeverity());
        assertEquals("/etc/bulwark.yaml", string(reloaded, "bulwark.config.source"));
        exporter.reset();
        LogRecordData rejected = emitted(new BulwarkEvent.ConfigRejected("/etc/bulwark.yaml", List.of(
                "/etc/bulwark.yaml:3: retry.max-attempts: 0 is not allowed", "/etc/bulwark.yaml:5: unknown key"),
                Instant.EPOCH));
        assertEquals("bulwark.config.rejected", rejected.getEventName());
        assertEquals(Severity.ERROR, rejected.getSeverity());
        assertEquals("/etc/bulwark.yaml", string(rejected, "bulwark.config.source"));
        assertEquals(2L, number(rejected, "bulwark.config.errors"));
        assertTrue(rejected.getBodyValue().asString().contains("retry.max-attempts: 0 is not allowed"),
                rejected::toString);
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
