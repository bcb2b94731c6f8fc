package dev.bulwark.agent.instrument.http.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's {@code java.net.http.HttpClient}: its one implementation's public {@code send} and
 * three-argument {@code sendAsync}, where every request passes once (the facade the user holds
 * delegates to them, the two-argument {@code sendAsync} calls the three-argument one, and
 * {@code send} calls neither).
 */
public final class JdkHttpClientInstrumentation {
    public static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

    public ElementMatcher<TypeDescription> types() {
        return named(CLIENT);
    }

    public AgentBuilder.Transformer transformer() {
        AsmVisitorWrapper send = Advice.to(SendAdvice.class).on(named("send").and(takesArguments(2)).and(isPublic()));
        AsmVisitorWrapper sendAsync = Advice.to(SendAsyncAdvice.class).on(named("sendAsync").and(takesArguments(3))
                .and(isPublic()));
        return (builder, type, loader, module, domain) -> builder.visit(send).visit(sendAsync);
    }
}
