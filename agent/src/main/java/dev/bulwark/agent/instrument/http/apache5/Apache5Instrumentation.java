package dev.bulwark.agent.instrument.http.apache5;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5 classic: {@code doExecute(target, request, context)} of every concrete
 * {@code CloseableHttpClient} of Apache's (a client of the application's own delegates to one),
 * which every {@code execute} overload ends in. It copies the request before running it, so running
 * it again sends the same request again.
 */
public final class Apache5Instrumentation {
    static final String CLIENT = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";

    public ElementMatcher<TypeDescription> types() {
        // The name first: a cheap test that spares the hierarchy walk for every other class.
        return nameStartsWith("org.apache.hc.client5.").and(not(isAbstract())).and(hasSuperType(named(CLIENT)));
    }

    public AgentBuilder.Transformer transformer() {
        AsmVisitorWrapper advice = Advice.to(DoExecuteAdvice.class).on(named("doExecute").and(takesArguments(3))
                .and(not(isAbstract())));
        return (builder, type, loader, module, domain) -> builder.visit(advice);
    }
}
