package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Admits at most {@link #limitForPeriod()} calls in any interval of {@link #limitRefreshPeriod()};
 * a call over the limit waits up to {@link #timeoutDuration()} for a permit, then throws
 * {@link RateLimitExceededException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimiter {

    /** Methods that give the same name share one rate limiter. */
    String name() default "";

    /** Calls allowed per period; 1 to 1,000,000. */
    int limitForPeriod() default 50;

    /** The length of the sliding period; at least 1ms. */
    String limitRefreshPeriod() default "1s";

    /** How long a call may wait for a permit; 0 rejects at once. */
    String timeoutDuration() default "0";
}
