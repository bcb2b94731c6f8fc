package dev.bulwark.bootstrap.policy;

/**
 * How many retries may be in flight at once: budgetPercent of the calls in flight, but never fewer
 * than minRetryConcurrency, so a quiet service can still retry.
 */
public record RetryBudgetRules(double budgetPercent, int minRetryConcurrency) {

    public RetryBudgetRules {
        // Written so that NaN fails too.
        if (!(budgetPercent > 0 && budgetPercent <= 100)) {
            throw new InvalidRuleException("budgetPercent", budgetPercent, "a percentage above 0 and at most 100");
        }
        RuleValues.atLeast("minRetryConcurrency", minRetryConcurrency, 0);
    }

    /** Envoy's defaults: 20% of the calls in flight, at least 3 retries. */
    public static RetryBudgetRules defaults() {
        return new RetryBudgetRules(20, 3);
    }
}
