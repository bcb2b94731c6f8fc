package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how many calls run at once. A call over the limit waits up to {@link #maxWaitDuration()}
 * for a permit, then throws {@link BulkheadFullException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Bulkhead {

    /** Methods that give the same name share one bulkhead. */
    String name() default "";

    /** Calls allowed to run at the same time; at least 1. */
    int maxConcurrentCalls() default 25;

    /** How long a call may wait for a permit; 0 rejects at once. */
    String maxWaitDuration() default "0";

    /**
     * When true, the limit adapts to the latency it observes (TCP-Vegas style): it starts at
     * {@link #maxConcurrentCalls()}, falls when calls queue up or time out, and climbs back while
     * latency stays near its minimum, never leaving [{@link #minConcurrentCalls()}, maxConcurrentCalls].
     */
    boolean adaptive() default false;

    /** The lowest an adaptive limit may go; from 1 to maxConcurrentCalls. */
    int minConcurrentCalls() default 1;
}
