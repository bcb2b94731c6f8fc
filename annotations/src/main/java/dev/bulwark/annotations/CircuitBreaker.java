package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a method (or, on a class, every public method of it) with a circuit breaker.
 *
 * <p>Defaults follow Resilience4j's documented defaults. Durations are written as {@code 500ms},
 * {@code 2s}, {@code 1m} or {@code 1h}. Calls rejected while the breaker is open throw
 * {@link CircuitBreakerOpenException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CircuitBreaker {

    /** Methods that give the same name share one breaker. Empty: one breaker for this method. */
    String name() default "";

    /** COUNT: the last {@link #slidingWindowSize()} calls; TIME: the calls of the last that many seconds. */
    SlidingWindowType slidingWindowType() default SlidingWindowType.COUNT;

    /** Calls (COUNT) or seconds (TIME) in the sliding window; 1 to 1,000,000. */
    int slidingWindowSize() default 100;

    /** Calls the window must hold before a rate is judged; at least 1. */
    int minimumNumberOfCalls() default 100;

    /** Failure rate, in percent, at or above which the breaker opens; above 0, at most 100. */
    float failureRateThreshold() default 50;

    /** Slow-call rate, in percent, at or above which the breaker opens; above 0, at most 100. */
    float slowCallRateThreshold() default 100;

    /** A call that takes at least this long is slow; above 0. */
    String slowCallDurationThreshold() default "60s";

    /** How long the breaker stays open before it lets trial calls through; above 0. */
    String waitDurationInOpenState() default "60s";

    /** Trial calls admitted in HALF_OPEN; at least 1. */
    int permittedNumberOfCallsInHalfOpenState() default 10;

    /** Exceptions that count as failures (with their subclasses). Empty: every exception. */
    Class<? extends Throwable>[] recordExceptions() default {};

    /** Exceptions that count neither as failure nor as success; wins over recordExceptions. */
    Class<? extends Throwable>[] ignoreExceptions() default {};
}
