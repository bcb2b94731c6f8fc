package dev.bulwark.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.instrument.http.HttpPlanner;
import dev.bulwark.agent.instrument.http.apache5.Apache5AsyncInstrumentation;
import dev.bulwark.agent.instrument.http.apache5.Apache5Instrumentation;
import dev.bulwark.agent.instrument.http.jdk.JdkHttpClientInstrumentation;
import dev.bulwark.agent.instrument.http.okhttp.OkHttpInstrumentation;
import dev.bulwark.agent.instrument.http.urlconnection.UrlConnectionInstrumentation;
import dev.bulwark.agent.instrument.jdbc.JdbcInstrumentation;
import dev.bulwark.agent.instrument.jdbc.JdbcPlanner;
import dev.bulwark.agent.instrument.methods.AnnotatedMethodsInstrumentation;
import dev.bulwark.agent.instrument.methods.MethodSites;
import dev.bulwark.agent.instrument.amqp.RabbitInstrumentation;
import dev.bulwark.agent.instrument.amqp.RabbitPlanner;
import dev.bulwark.agent.jdbc.DriverManagerPools;
import dev.bulwark.bootstrap.amqp.RabbitGuards;
import dev.bulwark.bootstrap.jdbc.DriverManagerPooling;
import dev.bulwark.bootstrap.health.HealthMonitor;
import dev.bulwark.bootstrap.http.HttpGuards;
import dev.bulwark.bootstrap.jdbc.JdbcGuards;
import dev.bulwark.bootstrap.time.Clock;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/** Builds the one AgentBuilder of the agent: what is never touched, and what each target instruments. */
public final class Instrumentations {
    /**
     * The JDK classes that are instrumented although the JDK is otherwise never touched. Each name
     * here is matched by one target's own matcher too.
     */
    static final ElementMatcher.Junction<TypeDescription> JDK_TARGETS = namedOneOf(
            "java.sql.DriverManager", JdkHttpClientInstrumentation.CLIENT, UrlConnectionInstrumentation.CONNECTION);

    private Instrumentations() {
    }

    public static List<String> describe() {
        return AnnotatedMethodsInstrumentation.ANNOTATIONS;
    }

    public static ClassFileTransformer install(Instrumentation instrumentation, MethodSites sites) {
        // Byte Buddy's Nexus would use sun.misc.Unsafe, which JDK 25 warns about on the user's console;
        // advice needs no Nexus.
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
        AnnotatedMethodsInstrumentation methods = new AnnotatedMethodsInstrumentation(sites);
        JdbcInstrumentation jdbc = new JdbcInstrumentation();
        JdbcGuards.install(new JdbcPlanner(sites.rulesInForce()));
        DriverManagerPooling.install(new DriverManagerPools(sites.rulesInForce(), Clock.system()));
        RabbitInstrumentation rabbit = new RabbitInstrumentation();
        RabbitGuards.install(new RabbitPlanner(sites.rulesInForce()));
        JdkHttpClientInstrumentation jdkHttp = new JdkHttpClientInstrumentation();
        UrlConnectionInstrumentation urlConnection = new UrlConnectionInstrumentation();
        Apache5Instrumentation apache5 = new Apache5Instrumentation();
        Apache5AsyncInstrumentation apache5Async = new Apache5AsyncInstrumentation();
        OkHttpInstrumentation okHttp = new OkHttpInstrumentation();
        HttpPlanner httpPlanner = new HttpPlanner(sites.rulesInForce());
        HttpGuards.install(httpPlanner);
        httpPlanner.startServices();
        HealthMonitor.global().registerAll(httpPlanner::endpointHealth);
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                // Loaded classes are described from their Class objects, not by reading their class files
                // again: the retransformation pass over everything loaded before premain ran 3x faster.
                .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                .with(new LogFailures())
                // Advice inlined into a JDK class (a named module) calls Bulwark's runtime, which lives in the
                // boot loader's unnamed module: that module must be readable from the JDK class's module.
                .assureReadEdgeTo(instrumentation, JdbcGuards.class)
                // Cheap checks first: whole loader and package families we never instrument, except the few
                // JDK classes that are targets.
                .ignore(not(JDK_TARGETS), isBootstrapClassLoader())
                .or(not(JDK_TARGETS).and(ignoredTypes()))
                .type(methods.types())
                .transform(methods.transformer())
                .type(jdbc.statements())
                .transform(jdbc.statementTransformer())
                .type(jdbc.drivers())
                .transform(jdbc.driverTransformer())
                .type(jdbc.dataSources())
                .transform(jdbc.dataSourceTransformer())
                .type(jdbc.driverManager())
                .transform(jdbc.driverManagerTransformer())
                .type(rabbit.channels())
                .transform(rabbit.channelTransformer())
                .type(rabbit.consumers())
                .transform(rabbit.consumerTransformer())
                .type(jdkHttp.types())
                .transform(jdkHttp.transformer())
                .type(urlConnection.types())
                .transform(urlConnection.transformer())
                .type(apache5.types())
                .transform(apache5.transformer())
                .type(apache5Async.clients())
                .transform(apache5Async.clientTransformer())
                .type(apache5Async.channels())
                .transform(apache5Async.channelTransformer())
                .type(apache5Async.futures())
                .transform(apache5Async.futureTransformer())
                .type(okHttp.types())
                .transform(okHttp.transformer())
                .installOn(instrumentation);
    }

    /**
     * After a reload: retransforms the loaded classes that the new rules name and the old did not,
     * so a method rule added while the JVM runs guards classes that were already loaded.
     */
    public static void retransformNewlyNamed(Instrumentation instrumentation, Rules before, Rules after) {
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            String name = c.getName();
            if (after.matchesClass(name) && !before.matchesClass(name) && instrumentation.isModifiableClass(c)
                    && !ignoredTypes().matches(TypeDescription.ForLoadedType.of(c))) {
                named.add(c);
            }
        }
        if (named.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(named.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            BulwarkLog.warn("could not apply the new method rules to " + named.size()
                    + " class(es) already loaded; they apply to classes loaded from now on", e);
        }
    }

    /**
     * OpenTelemetry's own classes (the Java agent's, an application's SDK) are never targets, and
     * the super-type matchers of JDBC, HTTP and RabbitMQ would otherwise resolve their hierarchies:
     * an application's SDK 1.44 names the incubator's ExtendedTracer, which is often absent.
     */
    private static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
        return nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                .or(nameStartsWith(unshaded("net", "bytebuddy")))
                .or(nameStartsWith("dev.bulwark.agent.")).or(nameStartsWith("dev.bulwark.bootstrap."))
                .or(nameStartsWith("dev.bulwark.annotations.")).or(nameStartsWith(unshaded("io", "opentelemetry")))
                .or(nameStartsWith("co.elastic.apm.")).or(nameStartsWith("com.newrelic."))
                .or(nameStartsWith("com.datadog.")).or(nameStartsWith("datadog."))
                .or(isSynthetic());
    }

    /**
     * The package prefix {@code first.second.} of the application's classes. Built at run time: the
     * shade plugin rewrites every string constant that names a relocated package (net.bytebuddy,
     * io.opentelemetry) to the relocated name, which would ignore Bulwark's own copy instead.
     */
    static String unshaded(String first, String second) {
        return String.join(".", first, second, "");
    }

    /** A class that cannot be instrumented is left alone and said once. */
    private static final class LogFailures extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            BulwarkLog.warnOnce("transform:" + typeName, "left " + typeName + " unchanged: it could not be instrumented",
                    throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded,
                DynamicType dynamicType) {
            BulwarkLog.debug("instrumented " + type.getName());
        }
    }
}
