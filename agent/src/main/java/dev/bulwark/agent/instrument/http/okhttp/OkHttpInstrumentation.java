package dev.bulwark.agent.instrument.http.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OkHttp 4: {@code RealInterceptorChain.proceed}, whose first step (index 0) both {@code Call.execute}
 * (on the caller's thread) and {@code Call.enqueue} (on the dispatcher's thread, whose failures reach
 * the callback's {@code onFailure}) run once per call; the call is guarded, retried and routed there.
 */
public final class OkHttpInstrumentation {
    static final String CHAIN = "okhttp3.internal.http.RealInterceptorChain";

    public ElementMatcher<TypeDescription> types() {
        return named(CHAIN);
    }

    public AgentBuilder.Transformer transformer() {
        AsmVisitorWrapper advice = Advice.to(ProceedAdvice.class).on(named("proceed").and(takesArguments(1)));
        return (builder, type, loader, module, domain) -> builder.visit(advice);
    }
}
