package dev.bulwark.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.reflect.Method;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which JDBC classes and methods are guarded: every driver's connect, every DataSource's
 * getConnection, every statement's execute methods; and DriverManager's getConnection, for pooling.
 */
public final class JdbcInstrumentation {
    static final String[] EXECUTE = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
        "executeLargeBatch"};

    public ElementMatcher<TypeDescription> statements() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Statement")));
    }

    public ElementMatcher<TypeDescription> drivers() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Driver")));
    }

    public AgentBuilder.Transformer statementTransformer() {
        Advice advice = Advice.to(StatementAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(
                namedOneOf(EXECUTE).and(isPublic()).and(not(isAbstract()))));
    }

    public ElementMatcher<TypeDescription> dataSources() {
        return not(isInterface()).and(hasSuperType(named("javax.sql.DataSource")));
    }

    /** getConnection() and getConnection(user, password). */
    public AgentBuilder.Transformer dataSourceTransformer() {
        Advice advice = Advice.to(DataSourceAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("getConnection")
                .and(isPublic()).and(not(isAbstract()))
                .and(takesArguments(0).or(takesArguments(2).and(takesArgument(0, named("java.lang.String")))
                        .and(takesArgument(1, named("java.lang.String")))))));
    }

    public ElementMatcher<TypeDescription> driverManager() {
        return named("java.sql.DriverManager");
    }

    /**
     * The private getConnection(String, Properties, Class) that every public overload calls; and, in
     * front of it, the public getConnection(String, String, String), where an existing pool lends
     * before the JDK builds its Properties.
     */
    public AgentBuilder.Transformer driverManagerTransformer() {
        Advice advice = Advice.to(DriverManagerAdvice.class);
        Advice.WithCustomMapping callerSensitive = callerSensitiveMapping();
        Advice userAdvice = callerSensitive == null ? null : callerSensitive.to(DriverManagerUserAdvice.class);
        return (builder, type, loader, module, domain) -> {
            builder = builder.visit(advice.on(named("getConnection")
                    .and(isPrivate()).and(isStatic()).and(takesArguments(3))
                    .and(takesArgument(0, named("java.lang.String")))
                    .and(takesArgument(1, named("java.util.Properties")))
                    .and(takesArgument(2, named("java.lang.Class")))));
            return userAdvice == null ? builder : builder.visit(userAdvice.on(named("getConnection")
                    .and(isPublic()).and(isStatic()).and(takesArguments(3))
                    .and(takesArgument(0, named("java.lang.String")))
                    .and(takesArgument(1, named("java.lang.String")))
                    .and(takesArgument(2, named("java.lang.String")))));
        };
    }

    /**
     * Binds {@link CallerClass} to a call of {@code jdk.internal.reflect.Reflection.getCallerClass()},
     * written into the caller-sensitive method itself (java.base exports the package to java.sql), so
     * the class is the application's, found as cheaply as the JDK finds it. Null when this JDK has no
     * such method: the fast path is then left out, and every call takes the JDK's way.
     */
    static Advice.WithCustomMapping callerSensitiveMapping() {
        try {
            Method getCallerClass = Class.forName("jdk.internal.reflect.Reflection").getMethod("getCallerClass");
            return Advice.withCustomMapping().bind(CallerClass.class,
                    MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(getCallerClass)), Class.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            BulwarkLog.debug("no Reflection.getCallerClass on this JDK: " + e);
            return null;
        }
    }


    public AgentBuilder.Transformer driverTransformer() {
        Advice advice = Advice.to(ConnectAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("connect").and(takesArguments(2))
                .and(takesArgument(0, named("java.lang.String"))).and(not(isAbstract()))));
    }
}
