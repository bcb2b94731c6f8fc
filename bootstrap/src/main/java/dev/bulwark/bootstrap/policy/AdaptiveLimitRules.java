package dev.bulwark.bootstrap.policy;

/**
 * Bounds and thresholds of an {@link AdaptiveLimit}. The limit starts at initialLimit and stays
 * within [minLimit, maxLimit]. alpha and beta bound the estimated queue (calls waiting at the
 * dependency rather than being served): below alpha the limit grows, above beta it shrinks.
 */
public record AdaptiveLimitRules(int initialLimit, int minLimit, int maxLimit, int alpha, int beta) {
    /** Far above any useful concurrency, and well inside the 20 bits the limit is packed into. */
    static final int MAX_LIMIT = 100_000;

    public AdaptiveLimitRules {
        if (minLimit < 1 || minLimit > MAX_LIMIT) {
            throw new InvalidRuleException("minLimit", minLimit, "an integer from 1 to " + MAX_LIMIT);
        }
        if (maxLimit < minLimit || maxLimit > MAX_LIMIT) {
            throw new InvalidRuleException("maxLimit", maxLimit,
                    "an integer from minLimit (" + minLimit + ") to " + MAX_LIMIT);
        }
        if (initialLimit < minLimit || initialLimit > maxLimit) {
            throw new InvalidRuleException("initialLimit", initialLimit,
                    "an integer from minLimit (" + minLimit + ") to maxLimit (" + maxLimit + ")");
        }
        RuleValues.atLeast("alpha", alpha, 1);
        if (beta <= alpha) {
            throw new InvalidRuleException("beta", beta, "an integer above alpha (" + alpha + ")");
        }
    }

    /** Start at 20 calls, adapt between 1 and 200; TCP Vegas' queue thresholds 3 and 6. */
    public static AdaptiveLimitRules defaults() {
        return new AdaptiveLimitRules(20, 1, 200, 3, 6);
    }
}
