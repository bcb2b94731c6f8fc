package dev.bulwark.annotations;

import java.time.Duration;
import java.time.Instant;

/**
 * Something a policy did: a breaker changed state, a call was retried or rejected. Subscribe with
 * {@link Bulwark#subscribe}. Events are plain values; they never hold a request's arguments.
 */
public sealed interface BulwarkEvent {

    /** The policy that acted: the annotation's name, or the method it guards. */
    String policyName();

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

    /** A call was refused before it ran. */
    record CallRejected(String policyName, PolicyKind kind, String target, String reason, Instant time)
            implements BulwarkEvent {
        @Override
        public String toString() {
            return kind + " '" + policyName + "' rejected a call to " + target + ": " + reason;
        }
    }
}
