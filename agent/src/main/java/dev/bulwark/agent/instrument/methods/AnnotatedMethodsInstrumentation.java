package dev.bulwark.agent.instrument.methods;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotation;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isEquals;
import static net.bytebuddy.matcher.ElementMatchers.isHashCode;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isToString;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which classes and methods carry Bulwark annotations, and the advice they get. */
public final class AnnotatedMethodsInstrumentation {
    public static final List<String> ANNOTATIONS = List.of("@CircuitBreaker", "@Retry", "@Bulkhead", "@RateLimiter",
            "@Timeout", "@Fallback");

    private static final ElementMatcher.Junction<TypeDescription> BULWARK_ANNOTATION = namedOneOf(
            PolicyType.CIRCUIT_BREAKER.annotationClass(), PolicyType.RETRY.annotationClass(),
            PolicyType.BULKHEAD.annotationClass(), PolicyType.RATE_LIMITER.annotationClass(),
            PolicyType.TIMEOUT.annotationClass(), FallbackReader.FALLBACK)
            .or(namedOneOf(ForeignAnnotations.NAMES.toArray(new String[0])));
    private static final ElementMatcher.Junction<MethodDescription> ASYNC =
            returns(hasSuperType(named("java.util.concurrent.CompletionStage")));
    /** The asynchronous return types Bulwark can stand in for with a CompletableFuture of its own. */
    private static final ElementMatcher.Junction<MethodDescription> ASYNC_GUARDED =
            returns(namedOneOf("java.util.concurrent.CompletionStage", "java.util.concurrent.CompletableFuture"));

    private static final ElementMatcher.Junction<MethodDescription> WITH_FALLBACK =
            isAnnotatedWith(named(FallbackReader.FALLBACK)).or(ForeignAnnotations::hasFallback);

    private final MethodSites sites;
    private final Advice advice;
    private final Advice fallbackAdvice;
    private final Advice asyncAdvice;

    public AnnotatedMethodsInstrumentation(MethodSites sites) {
        this.sites = sites;
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(new SiteIdMapping(sites));
        this.advice = mapping.to(GuardedMethodAdvice.class);
        this.fallbackAdvice = mapping.to(FallbackMethodAdvice.class);
        this.asyncAdvice = mapping.to(AsyncMethodAdvice.class);
    }

    /** Classes with Bulwark annotations, and classes that a {@code methods:} rule in force names. */
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(not(isAnnotation()))
                .and(isAnnotatedWith(BULWARK_ANNOTATION).or(declaresMethod(isAnnotatedWith(BULWARK_ANNOTATION)))
                        .or(type -> sites.rules().matchesClass(type.getName())));
    }

    public AgentBuilder.Transformer transformer() {
        return (builder, type, classLoader, module, protectionDomain) -> {
            ElementMatcher.Junction<MethodDescription> candidates = candidates(type, sites.rules());
            ElementMatcher.Junction<MethodDescription> otherAsync = ASYNC.and(not(ASYNC_GUARDED));
            for (MethodDescription m : type.getDeclaredMethods().filter(candidates.and(otherAsync))) {
                BulwarkLog.warnOnce("async:" + type.getName() + "#" + m.getName(), type.getName() + "#" + m.getName()
                        + " returns " + m.getReturnType().asErasure().getName() + "; Bulwark guards methods returning "
                        + "CompletionStage or CompletableFuture, so it is left unchanged", null);
            }
            ElementMatcher.Junction<MethodDescription> guarded = candidates.and(not(otherAsync));
            BulwarkLog.debug("guarding " + type.getName() + ": "
                    + type.getDeclaredMethods().filter(guarded).size() + " method(s)");
            return builder.visit(asyncAdvice.on(guarded.and(ASYNC_GUARDED)))
                    .visit(fallbackAdvice.on(guarded.and(not(ASYNC_GUARDED)).and(WITH_FALLBACK)))
                    .visit(advice.on(guarded.and(not(ASYNC_GUARDED)).and(not(WITH_FALLBACK))));
        };
    }

    /** Annotated methods, every public method when the class itself is annotated, and methods a rule names. */
    private static ElementMatcher.Junction<MethodDescription> candidates(TypeDescription type, Rules rules) {
        ElementMatcher.Junction<MethodDescription> concrete = isMethod().and(not(isAbstract())).and(not(isNative()))
                .and(not(isSynthetic())).and(not(isBridge()));
        boolean classAnnotated = !type.getDeclaredAnnotations().filter(
                a -> BULWARK_ANNOTATION.matches(a.getAnnotationType())).isEmpty();
        ElementMatcher.Junction<MethodDescription> annotated = isAnnotatedWith(BULWARK_ANNOTATION);
        if (classAnnotated) {
            annotated = annotated.or(isPublic().and(not(isToString())).and(not(isHashCode())).and(not(isEquals())));
        }
        ElementMatcher<MethodDescription> byRule =
                m -> !rules.rulesFor(type.getName(), m.getName(), m.isPublic()).isEmpty();
        return concrete.and(annotated.or(byRule));
    }
}
