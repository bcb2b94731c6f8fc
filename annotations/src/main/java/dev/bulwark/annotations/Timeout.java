package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Abandons a call that runs longer than {@link #value()}: the thread running it is interrupted at
 * the deadline and the caller gets {@link TimeoutExceededException}, whatever the method then
 * returns. A method that ignores interrupts runs on to its end first.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {

    /** Methods that give the same name share one timeout policy and its counters. */
    String name() default "";

    /** The longest an attempt may run; above 0. Resilience4j's TimeLimiter default. */
    String value() default "1s";

    /**
     * The longest the call may run with all its retries, from its first attempt's start; "0" for no
     * deadline. Each attempt then gets {@link #value()} or what is left of the deadline, whichever is
     * less; when only the deadline is set, each attempt gets what is left of it.
     */
    String deadline() default "0";
}
