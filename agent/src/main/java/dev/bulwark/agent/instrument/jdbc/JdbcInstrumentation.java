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

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
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

    /** The private getConnection(String, Properties, Class) that every public overload calls. */
    public AgentBuilder.Transformer driverManagerTransformer() {
        Advice advice = Advice.to(DriverManagerAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("getConnection")
                .and(isPrivate()).and(isStatic()).and(takesArguments(3))
                .and(takesArgument(0, named("java.lang.String")))
                .and(takesArgument(1, named("java.util.Properties")))
                .and(takesArgument(2, named("java.lang.Class")))));
    }

    public AgentBuilder.Transformer driverTransformer() {
        Advice advice = Advice.to(ConnectAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("connect").and(takesArguments(2))
                .and(takesArgument(0, named("java.lang.String"))).and(not(isAbstract()))));
    }
}
