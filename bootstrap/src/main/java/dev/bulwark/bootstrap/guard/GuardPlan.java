package dev.bulwark.bootstrap.guard;

import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RateLimiterRules;
import dev.bulwark.bootstrap.policy.RetryBudgetRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.policy.TimeoutRules;

/**
 * What one target should be guarded with, as read from annotations or configuration: each policy
 * is absent (null rules) or named with its rules. {@code invalid} holds the message of a rule that
 * made no sense; such a target then fails every call with that message instead of running unguarded.
 *
 * @param target the guarded thing in the user's words, e.g. {@code com.acme.Orders#place}
 * @param retryBudget the budget of the retry policy; null for none (only with a retry)
 */
public record GuardPlan(
        String target,
        String breakerName, CircuitBreakerRules breaker,
        String retryName, RetryRules retry, RetryBudgetRules retryBudget,
        String bulkheadName, BulkheadRules bulkhead,
        String rateLimiterName, RateLimiterRules rateLimiter,
        String timeoutName, TimeoutRules timeout,
        FallbackPlan fallback,
        String invalidName, String invalid) {

    /** The three policies of the foundation, with no budget, rate limiter, timeout or fallback. */
    public GuardPlan(String target, String breakerName, CircuitBreakerRules breaker, String retryName, RetryRules retry,
            String bulkheadName, BulkheadRules bulkhead, String invalidName, String invalid) {
        this(target, breakerName, breaker, retryName, retry, null, bulkheadName, bulkhead, null, null, null, null, null,
                invalidName, invalid);
    }

    public static GuardPlan invalid(String target, String policyName, String message) {
        return new GuardPlan(target, null, null, null, null, null, null, policyName, message);
    }
}
