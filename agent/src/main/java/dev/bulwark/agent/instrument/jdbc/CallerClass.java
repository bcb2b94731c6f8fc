package dev.bulwark.agent.instrument.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an advice parameter that receives the class calling the instrumented method, as the JDK's
 * caller-sensitive methods find it ({@code jdk.internal.reflect.Reflection.getCallerClass()}, which
 * java.base exports to java.sql). Only for advice inlined into such a method of {@code DriverManager}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface CallerClass {
}
