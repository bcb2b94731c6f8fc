package dev.bulwark.agent.config;

import static dev.bulwark.agent.config.ValueType.BOOLEAN;
import static dev.bulwark.agent.config.ValueType.CLASS_NAMES;
import static dev.bulwark.agent.config.ValueType.DURATION;
import static dev.bulwark.agent.config.ValueType.NUMBER;
import static dev.bulwark.agent.config.ValueType.WHOLE_NUMBER;
import static dev.bulwark.agent.config.ValueType.WINDOW_TYPE;

import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.RateLimiterRules;
import dev.bulwark.bootstrap.policy.RetryBudgetRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.policy.TimeoutRules;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of policy as configuration and annotations name it, with every attribute it has and how
 * a rule is built from a map of attribute values (anything absent keeps the built-in default).
 */
public enum PolicyType {
    CIRCUIT_BREAKER("circuit-breaker", "circuit-breakers", "CircuitBreaker", List.of(
            new Attribute("sliding-window-type", "slidingWindowType", WINDOW_TYPE),
            new Attribute("sliding-window-size", "slidingWindowSize", WHOLE_NUMBER),
            new Attribute("minimum-number-of-calls", "minimumNumberOfCalls", WHOLE_NUMBER),
            new Attribute("failure-rate-threshold", "failureRateThreshold", NUMBER),
            new Attribute("slow-call-rate-threshold", "slowCallRateThreshold", NUMBER),
            new Attribute("slow-call-duration-threshold", "slowCallDurationThreshold", DURATION),
            new Attribute("wait-duration-in-open-state", "waitDurationInOpenState", DURATION),
            new Attribute("permitted-number-of-calls-in-half-open-state", "permittedNumberOfCallsInHalfOpenState",
                    WHOLE_NUMBER),
            new Attribute("record-exceptions", "recordExceptions", CLASS_NAMES),
            new Attribute("ignore-exceptions", "ignoreExceptions", CLASS_NAMES)),
            PolicyType::breaker),
    RETRY("retry", "retries", "Retry", List.of(
            new Attribute("max-attempts", "maxAttempts", WHOLE_NUMBER),
            new Attribute("wait-duration", "waitDuration", DURATION),
            new Attribute("backoff-multiplier", "backoffMultiplier", NUMBER),
            new Attribute("max-wait-duration", "maxWaitDuration", DURATION),
            new Attribute("jitter-factor", "jitterFactor", NUMBER),
            new Attribute("max-duration", "maxDuration", DURATION),
            new Attribute("retry-on", "retryOn", CLASS_NAMES),
            new Attribute("abort-on", "abortOn", CLASS_NAMES),
            new Attribute("budget-percent", "budgetPercent", NUMBER),
            new Attribute("min-retry-concurrency", "minRetryConcurrency", WHOLE_NUMBER)),
            PolicyType::retry),
    BULKHEAD("bulkhead", "bulkheads", "Bulkhead", List.of(
            new Attribute("max-concurrent-calls", "maxConcurrentCalls", WHOLE_NUMBER),
            new Attribute("max-wait-duration", "maxWaitDuration", DURATION),
            new Attribute("adaptive", "adaptive", BOOLEAN),
            new Attribute("min-concurrent-calls", "minConcurrentCalls", WHOLE_NUMBER)),
            PolicyType::bulkhead),
    RATE_LIMITER("rate-limiter", "rate-limiters", "RateLimiter", List.of(
            new Attribute("limit-for-period", "limitForPeriod", WHOLE_NUMBER),
            new Attribute("limit-refresh-period", "limitRefreshPeriod", DURATION),
            new Attribute("timeout-duration", "timeoutDuration", DURATION)),
            PolicyType::rateLimiter),
    TIMEOUT("timeout", "timeouts", "Timeout", List.of(
            new Attribute("duration", "value", DURATION),
            new Attribute("deadline", "deadline", DURATION)),
            PolicyType::timeout);

    private final String key;
    private final String section;
    private final String annotation;
    private final List<Attribute> attributes;
    private final Function<Map<String, Object>, Object> build;

    PolicyType(String key, String section, String annotation, List<Attribute> attributes,
            Function<Map<String, Object>, Object> build) {
        this.key = key;
        this.section = section;
        this.annotation = annotation;
        this.attributes = attributes;
        this.build = build;
    }

    /** Its key where one policy is meant: {@code circuit-breaker}. */
    public String key() {
        return key;
    }

    /** Its section of named policies: {@code circuit-breakers}. */
    public String section() {
        return section;
    }

    /** The annotation's simple name: {@code CircuitBreaker}. */
    public String annotation() {
        return annotation;
    }

    public String annotationClass() {
        return "dev.bulwark.annotations." + annotation;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public Attribute attributeByKey(String key) {
        for (Attribute a : attributes) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        return null;
    }

    public Attribute attributeByName(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public static PolicyType byKey(String key) {
        for (PolicyType t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return null;
    }

    public static PolicyType bySection(String section) {
        for (PolicyType t : values()) {
            if (t.section.equals(section)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The rule of these values over the built-in defaults.
     *
     * @throws dev.bulwark.bootstrap.policy.InvalidRuleException naming the attribute that makes no sense
     */
    public Object build(Map<String, Object> values) {
        return build.apply(values);
    }

    private static CircuitBreakerRules breaker(Map<String, Object> v) {
        CircuitBreakerRules d = CircuitBreakerRules.defaults();
        return new CircuitBreakerRules(
                (SlidingWindowType) v.getOrDefault("slidingWindowType", d.slidingWindowType()),
                integer(v, "slidingWindowSize", d.slidingWindowSize()),
                integer(v, "minimumNumberOfCalls", d.minimumNumberOfCalls()),
                (float) decimal(v, "failureRateThreshold", d.failureRateThreshold()),
                (float) decimal(v, "slowCallRateThreshold", d.slowCallRateThreshold()),
                nanos(v, "slowCallDurationThreshold", d.slowCallDurationThresholdNanos()),
                nanos(v, "waitDurationInOpenState", d.waitDurationInOpenStateNanos()),
                integer(v, "permittedNumberOfCallsInHalfOpenState", d.permittedNumberOfCallsInHalfOpenState()),
                names(v, "recordExceptions", d.recordExceptions()),
                names(v, "ignoreExceptions", d.ignoreExceptions()));
    }

    /** The budget that comes with a retry policy, from the same settings. */
    public static RetryBudgetRules retryBudget(Map<String, Object> v) {
        RetryBudgetRules d = RetryBudgetRules.defaults();
        return new RetryBudgetRules(decimal(v, "budgetPercent", d.budgetPercent()),
                integer(v, "minRetryConcurrency", d.minRetryConcurrency()));
    }

    private static RateLimiterRules rateLimiter(Map<String, Object> v) {
        RateLimiterRules d = RateLimiterRules.defaults();
        return new RateLimiterRules(integer(v, "limitForPeriod", d.limitForPeriod()),
                nanos(v, "limitRefreshPeriod", d.limitRefreshPeriodNanos()),
                nanos(v, "timeoutDuration", d.timeoutDurationNanos()));
    }

    /** A deadline alone gives each attempt what is left of it: the duration defaults to the deadline. */
    private static TimeoutRules timeout(Map<String, Object> v) {
        long deadline = nanos(v, "deadline", 0);
        long fallback = deadline > 0 ? deadline : TimeoutRules.defaults().durationNanos();
        return new TimeoutRules(nanos(v, "value", fallback), deadline);
    }

    private static RetryRules retry(Map<String, Object> v) {
        retryBudget(v); // checked with the retry, so a bad budget is reported at its line
        RetryRules d = RetryRules.defaults();
        return new RetryRules(
                integer(v, "maxAttempts", d.maxAttempts()),
                nanos(v, "waitDuration", d.waitDurationNanos()),
                decimal(v, "backoffMultiplier", d.backoffMultiplier()),
                nanos(v, "maxWaitDuration", d.maxWaitDurationNanos()),
                decimal(v, "jitterFactor", d.jitterFactor()),
                nanos(v, "maxDuration", d.maxDurationNanos()),
                names(v, "retryOn", d.retryOn()),
                names(v, "abortOn", d.abortOn()));
    }

    private static BulkheadRules bulkhead(Map<String, Object> v) {
        BulkheadRules d = BulkheadRules.defaults();
        return new BulkheadRules(
                integer(v, "maxConcurrentCalls", d.maxConcurrentCalls()),
                nanos(v, "maxWaitDuration", d.maxWaitDurationNanos()),
                (Boolean) v.getOrDefault("adaptive", d.adaptive()),
                integer(v, "minConcurrentCalls", d.minConcurrentCalls()));
    }

    private static int integer(Map<String, Object> v, String name, int fallback) {
        Object o = v.get(name);
        return o == null ? fallback : ((Number) o).intValue();
    }

    private static double decimal(Map<String, Object> v, String name, double fallback) {
        Object o = v.get(name);
        return o == null ? fallback : ((Number) o).doubleValue();
    }

    private static long nanos(Map<String, Object> v, String name, long fallback) {
        Object o = v.get(name);
        return o == null ? fallback : ((Number) o).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> v, String name, List<String> fallback) {
        Object o = v.get(name);
        return o == null ? fallback : (List<String>) o;
    }
}
