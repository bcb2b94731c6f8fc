package dev.bulwark.bootstrap.guard;

import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RetryRules;

/**
 * What one target should be guarded with, as read from annotations or configuration: each policy
 * is absent (null rules) or named with its rules. {@code invalid} holds the message of a rule that
 * made no sense; such a target then fails every call with that message instead of running unguarded.
 *
 * @param target the guarded thing in the user's words, e.g. {@code com.acme.Orders#place}
 */
public record GuardPlan(
        String target,
        String breakerName, CircuitBreakerRules breaker,
        String retryName, RetryRules retry,
        String bulkheadName, BulkheadRules bulkhead,
        String invalidName, String invalid) {

    public static GuardPlan invalid(String target, String policyName, String message) {
        return new GuardPlan(target, null, null, null, null, null, null, policyName, message);
    }

    public boolean isEmpty() {
        return breaker == null && retry == null && bulkhead == null && invalid == null;
    }
}
