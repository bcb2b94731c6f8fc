package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Re-runs a method that failed. Each attempt passes the method's circuit breaker and bulkhead
 * again. When the attempts run out, the exception of the last attempt is rethrown unchanged.
 *
 * <p>The wait before attempt n+1 is {@code waitDuration * backoffMultiplier^(n-1)}, capped at
 * {@link #maxWaitDuration()}, then spread by {@link #jitterFactor()} and capped again. No attempt
 * starts once {@link #maxDuration()} has passed since the first.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Retry {

    /** Methods that give the same name share one retry policy and its counters. */
    String name() default "";

    /** Attempts in all, the first included; at least 1. */
    int maxAttempts() default 3;

    /** Wait before the first retry; 0 or more. */
    String waitDuration() default "500ms";

    /** Each further wait is the previous one times this; at least 1 (1 = fixed wait). */
    double backoffMultiplier() default 1.0;

    /** Upper bound of any single wait; 0 means no bound. */
    String maxWaitDuration() default "0";

    /** Spread of each wait, from 0 (none) to 1: the wait is drawn from [w(1-f), w(1+f)]. */
    double jitterFactor() default 0;

    /** No retry starts once this much time has passed since the first attempt; 0 means no bound. */
    String maxDuration() default "0";

    /** Exceptions that are retried (with subclasses). Empty: every {@link Exception}, never an {@link Error}. */
    Class<? extends Throwable>[] retryOn() default {};

    /** Exceptions that are never retried; wins over retryOn. */
    Class<? extends Throwable>[] abortOn() default {};

    /**
     * The retry budget, shared by every method of this retry's name: retries in flight may be at most
     * this percent of the calls in flight (but see {@link #minRetryConcurrency()}); above 0, at most
     * 100. A retry over budget is not made and the failure is rethrown, so retries cannot multiply the
     * load on a service that is already down. Envoy's default.
     */
    double budgetPercent() default 20;

    /** Retries always allowed in flight, whatever the budget percent; 0 or more. */
    int minRetryConcurrency() default 3;
}
