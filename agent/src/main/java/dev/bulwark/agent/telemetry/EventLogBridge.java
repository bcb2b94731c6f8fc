package dev.bulwark.agent.telemetry;

import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.bootstrap.telemetry.Redaction;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.util.Locale;

/**
 * Bulwark's events as OpenTelemetry log records: the telemetry thread drains the {@link EventQueue}
 * that the bus fills. Every text passes through {@link Redaction}; an exception travels as its type
 * only, never its message.
 */
final class EventLogBridge {
    private final Logger logger;
    private final EventQueue queue;

    EventLogBridge(Logger logger, EventQueue queue) {
        this.logger = logger;
        this.queue = queue;
    }

    /** Emits every queued event; runs on the telemetry thread. */
    void drain() {
        BulwarkEvent e;
        while ((e = queue.poll()) != null) {
            emit(e);
        }
    }

    private void emit(BulwarkEvent event) {
        LogRecordBuilder b = logger.logRecordBuilder().setTimestamp(event.time())
                .setBody(Redaction.text(event.toString()));
        if (event instanceof BulwarkEvent.StateTransition t) {
            b.setEventName("bulwark.circuit_breaker.state_transition")
                    .setSeverity(t.to() == CircuitBreakerState.OPEN ? Severity.WARN : Severity.INFO)
                    .setAttribute("bulwark.policy.name", Redaction.text(t.policyName()))
                    .setAttribute("bulwark.circuit_breaker.state.from", lower(t.from().name()))
                    .setAttribute("bulwark.circuit_breaker.state.to", lower(t.to().name()));
        } else if (event instanceof BulwarkEvent.RetryScheduled r) {
            b.setEventName("bulwark.retry.scheduled").setSeverity(Severity.INFO)
                    .setAttribute("bulwark.policy.name", Redaction.text(r.policyName()))
                    .setAttribute("bulwark.target", Redaction.text(r.target()))
                    .setAttribute("bulwark.retry.attempt", (long) r.attempt())
                    .setAttribute("bulwark.retry.delay_ms", r.delay().toMillis())
                    .setAttribute("exception.type", r.cause() == null ? "" : r.cause().getClass().getName());
        } else if (event instanceof BulwarkEvent.RetriesExhausted x) {
            b.setEventName("bulwark.retry.exhausted").setSeverity(Severity.WARN)
                    .setAttribute("bulwark.policy.name", Redaction.text(x.policyName()))
                    .setAttribute("bulwark.target", Redaction.text(x.target()))
                    .setAttribute("bulwark.retry.attempts", (long) x.attempts())
                    .setAttribute("exception.type", x.exceptionClass());
        } else if (event instanceof BulwarkEvent.DeadLettered d) {
            b.setEventName("bulwark.message.dead_lettered").setSeverity(Severity.WARN)
                    .setAttribute("messaging.destination.name", d.queue())
                    .setAttribute("bulwark.dead_letter_queue", d.deadLetterQueue())
                    .setAttribute("bulwark.attempts", (long) d.attempts())
                    .setAttribute("exception.type", d.exceptionClass());
        } else if (event instanceof BulwarkEvent.CallRejected r) {
            b.setEventName("bulwark.call.rejected").setSeverity(Severity.WARN)
                    .setAttribute("bulwark.policy.name", Redaction.text(r.policyName()))
                    .setAttribute("bulwark.policy.kind", lower(r.kind().name()))
                    .setAttribute("bulwark.target", Redaction.text(r.target()))
                    .setAttribute("bulwark.reason", Redaction.text(r.reason()));
        } else if (event instanceof BulwarkEvent.ConfigReloaded r) {
            b.setEventName("bulwark.config.reloaded").setSeverity(Severity.INFO)
                    .setAttribute("bulwark.config.source", r.source());
        } else if (event instanceof BulwarkEvent.ConfigRejected r) {
            b.setEventName("bulwark.config.rejected").setSeverity(Severity.ERROR)
                    .setAttribute("bulwark.config.source", r.source())
                    .setAttribute("bulwark.config.errors", (long) r.errors().size());
        } else if (event instanceof BulwarkEvent.PoolExhausted p) {
            b.setEventName("bulwark.pool.exhausted").setSeverity(Severity.WARN)
                    .setAttribute("db.client.connection.pool.name", Redaction.text(p.pool()))
                    .setAttribute("bulwark.pool.max_size", (long) p.maxSize())
                    .setAttribute("bulwark.pool.in_use", (long) p.inUse())
                    .setAttribute("bulwark.pool.waiting", (long) p.waiting())
                    .setAttribute("bulwark.pool.acquire_timeout_ms", p.acquireTimeout().toMillis())
                    .setAttribute("bulwark.pool.timeouts", p.timeouts());
        } else if (event instanceof BulwarkEvent.EndpointChanged c) {
            b.setEventName(c.inService() ? "bulwark.endpoint.returned" : "bulwark.endpoint.ejected")
                    .setSeverity(c.inService() ? Severity.INFO : Severity.WARN)
                    .setAttribute("bulwark.service", c.service())
                    .setAttribute("bulwark.endpoint", c.endpoint())
                    .setAttribute("bulwark.reason", Redaction.text(c.reason()));
        }
        b.emit();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
