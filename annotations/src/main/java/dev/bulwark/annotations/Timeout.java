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

    /** The longest a call may run; above 0. Resilience4j's TimeLimiter default. */
    String value() default "1s";
}
