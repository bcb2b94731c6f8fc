package dev.bulwark.agent.instrument.http.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OkHttp 4: {@code RealCall.getResponseWithInterceptorChain}, which both {@code Call.execute} (on
 * the caller's thread) and {@code Call.enqueue} (on the dispatcher's thread, whose failures reach
 * the callback's {@code onFailure}) run once per call; and the first {@code proceed} of its chain,
 * where a call to a logical service is sent to its endpoint.
 */
public final class OkHttpInstrumentation {
    static final String CALL = "okhttp3.internal.connection.RealCall";
    /** Where a call to a logical service gets its endpoint's URL: the first step of its chain. */
    static final String CHAIN = "okhttp3.internal.http.RealInterceptorChain";

    public ElementMatcher<TypeDescription> types() {
        return named(CALL).or(named(CHAIN));
    }

    public AgentBuilder.Transformer transformer() {
        AsmVisitorWrapper advice = Advice.to(InterceptorChainAdvice.class).on(
                nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)));
        AsmVisitorWrapper route = Advice.to(ProceedAdvice.class).on(named("proceed").and(takesArguments(1)));
        return (builder, type, loader, module, domain) -> type.getName().equals(CHAIN) ? builder.visit(route)
                : builder.visit(advice);
    }
}
