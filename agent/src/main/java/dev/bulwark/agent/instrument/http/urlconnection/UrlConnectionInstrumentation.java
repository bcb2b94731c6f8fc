package dev.bulwark.agent.instrument.http.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's own {@code HttpURLConnection}: its {@code getInputStream}, where the request is sent and
 * its response read. HTTPS connections delegate to a subclass of it, so they pass here too, once.
 */
public final class UrlConnectionInstrumentation {
    public static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

    public ElementMatcher<TypeDescription> types() {
        return named(CONNECTION);
    }

    public AgentBuilder.Transformer transformer() {
        AsmVisitorWrapper advice = Advice.to(GetInputStreamAdvice.class).on(named("getInputStream")
                .and(takesArguments(0)).and(isPublic()));
        return (builder, type, loader, module, domain) -> builder.visit(advice);
    }
}
