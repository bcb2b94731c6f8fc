package dev.bulwark.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What to return instead when a guarded call fails or is rejected: the result of another method
 * of the same class ({@link #method()}) or of a {@link FallbackHandler} ({@link #handler()}).
 *
 * <p>The fallback method takes the guarded method's parameters, optionally followed by one
 * {@code Throwable} parameter that receives the failure, and returns a type the guarded method may
 * return. It may be private and must be static if the guarded method is.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {

    /** The name of the fallback method in the same class. */
    String method() default "";

    /** A handler class with a public no-argument constructor; used when {@link #method()} is empty. */
    Class<? extends FallbackHandler> handler() default FallbackHandler.None.class;

    /** Failures the fallback applies to, with subclasses. Empty: every failure and rejection. */
    Class<? extends Throwable>[] applyOn() default {};

    /** Failures the fallback never applies to; wins over applyOn. */
    Class<? extends Throwable>[] skipOn() default {};
}
