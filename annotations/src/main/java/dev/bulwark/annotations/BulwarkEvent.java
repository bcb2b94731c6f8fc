package dev.bulwark.annotations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something Bulwark did: a breaker changed state, a call was retried or rejected, the
 * configuration was reloaded. Subscribe with {@link Bulwark#subscribe}. Events are plain values;
 * they never hold a request's arguments.
 */
public sealed interface BulwarkEvent {

    /** When it happened. */
    Instant time();

    /** A circuit breaker moved from one state to another. */
    record StateTransition(String policyName, CircuitBreakerState from, CircuitBreakerState to, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return "circuit breaker '" + policyName + "' " + from + " -> " + to;
        }
    }

    /** A call failed and will be tried again after {@code delay}; {@code attempt} is the attempt that failed, from 1. */
    record RetryScheduled(String policyName, String target, int attempt, Duration delay, Throwable cause, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return "retry '" + policyName + "': attempt " + attempt + " of " + target + " failed with "
                    + cause.getClass().getName() + ", next in " + delay.toMillis() + "ms";
        }
    }

    /**
     * A call that was retried failed for good: attempt {@code attempts} (the last, from 1) failed with
     * {@code exceptionClass} and no further attempt is made (attempts or max duration used up, the failure
     * not retryable, or the retry budget spent).
     */
    record RetriesExhausted(String policyName, String target, int attempts, String exceptionClass, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return "retry '" + policyName + "' gave up on " + target + " after " + attempts + " attempts (last: "
                    + exceptionClass + ")";
        }
    }

    /**
     * A message failed its last attempt and was moved, with why, to a dead-letter queue (RabbitMQ
     * consumers); {@code exceptionClass} names the last failure.
     */
    record DeadLettered(String queue, String deadLetterQueue, int attempts, String exceptionClass, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return "a message of queue '" + queue + "' failed " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                    + " (last: " + exceptionClass + ") and went to " + deadLetterQueue;
        }
    }

    /** A call was refused before it ran. */
    record CallRejected(String policyName, PolicyKind kind, String target, String reason, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return kind + " '" + policyName + "' rejected a call to " + target + ": " + reason;
        }
    }

    /** The configuration file changed and its new rules are in force. */
    record ConfigReloaded(String source, Instant time) implements BulwarkEvent {
        @Override
        public String toString() {
            return "configuration reloaded from " + source;
        }
    }

    /** The configuration file changed but did not validate; the previous rules stay in force. */
    record ConfigRejected(String source, List<String> errors, Instant time) implements BulwarkEvent {
        public ConfigRejected {
            errors = List.copyOf(errors);
        }

        @Override
        public String toString() {
            return "configuration change in " + source + " rejected: " + String.join("; ", errors);
        }
    }

    /**
     * Borrowers of Bulwark's transparent connection pool {@code pool} (its database key, never a
     * credential) waited the whole acquire timeout and got no connection: {@code inUse} of
     * {@code maxSize} were lent, {@code waiting} borrowers waited. Said at most once every 10 seconds
     * per pool; {@code timeouts} counts the borrowers refused since the previous one.
     */
    record PoolExhausted(String pool, int maxSize, int inUse, int waiting, Duration acquireTimeout, long timeouts,
            Instant time) implements BulwarkEvent {
        @Override
        public String toString() {
            return "pool '" + pool + "' exhausted: " + timeouts + " borrower" + (timeouts == 1 ? "" : "s")
                    + " got no connection within " + acquireTimeout.toMillis() + "ms (" + inUse + " in use of "
                    + maxSize + ", " + waiting + " waiting)";
        }
    }

    /**
     * An endpoint of a load-balanced service left it ({@code inService} false: ejected after failures
     * in a row, or failing its health checks) or came back; {@code endpoint} is its {@code host:port}.
     */
    record EndpointChanged(String service, String endpoint, boolean inService, String reason, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return "endpoint " + endpoint + " of service '" + service + "' "
                    + (inService ? "is back in service: " : "is out of service: ") + reason;
        }
    }
}
