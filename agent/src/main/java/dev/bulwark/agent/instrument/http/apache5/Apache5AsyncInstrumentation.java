package dev.bulwark.agent.instrument.http.apache5;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5 async, as built by {@code HttpAsyncClients}: the client's
 * {@code doExecute}, which every {@code execute} overload ends in; the request channel through which
 * it sends the request (where the request's server is first known); and the {@code ComplexFuture}
 * it returns, whose completion is the call's outcome; and the exchange callback that completes
 * that future, after which a retry may reuse the request producer and response consumer. The
 * minimal clients send their requests from an I/O thread and are left alone.
 */
public final class Apache5AsyncInstrumentation {
    private static final String CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
    private static final String FUTURE = "org.apache.hc.core5.concurrent.ComplexFuture";
    private static final String EXCHANGE_CALLBACK = "org.apache.hc.client5.http.async.AsyncExecCallback";

    /** The client whose doExecute opens a call. */
    public ElementMatcher<TypeDescription> clients() {
        return named(CLIENT);
    }

    public AgentBuilder.Transformer clientTransformer() {
        AsmVisitorWrapper advice = Advice.to(AsyncDoExecuteAdvice.class).on(named("doExecute")
                .and(takesArguments(6)).and(not(isAbstract())));
        return (builder, type, loader, module, domain) -> builder.visit(advice);
    }

    /** The anonymous request channels of that client's doExecute, and their exchange callbacks. */
    public ElementMatcher<TypeDescription> channels() {
        return nameStartsWith(CLIENT + "$").and(hasSuperType(named("org.apache.hc.core5.http.nio.RequestChannel"))
                .or(hasSuperType(named(EXCHANGE_CALLBACK))));
    }

    public AgentBuilder.Transformer channelTransformer() {
        AsmVisitorWrapper advice = Advice.to(AsyncSendRequestAdvice.class).on(named("sendRequest")
                .and(takesArguments(3)).and(not(isAbstract())));
        AsmVisitorWrapper exchange = Advice.to(ExchangeCallbackAdvice.class).on(not(isAbstract()).and(
                named("completed").and(takesArguments(0)).or(named("failed").and(takesArguments(1)))));
        return (builder, type, loader, module, domain) -> builder.visit(advice).visit(exchange);
    }

    public ElementMatcher<TypeDescription> futures() {
        return named(FUTURE);
    }

    public AgentBuilder.Transformer futureTransformer() {
        AsmVisitorWrapper created = Advice.to(FutureCreatedAdvice.class).on(isConstructor());
        AsmVisitorWrapper completed = Advice.to(FutureCompletedAdvice.class).on(named("completed")
                .and(takesArguments(1)));
        AsmVisitorWrapper failed = Advice.to(FutureFailedAdvice.class).on(named("failed")
                .and(takesArguments(1)));
        AsmVisitorWrapper cancelled = Advice.to(FutureCancelledAdvice.class).on(named("cancel")
                .and(takesArguments(1)).and(takesArgument(0, boolean.class)));
        return (builder, type, loader, module, domain) -> builder.visit(created).visit(completed).visit(failed)
                .visit(cancelled);
    }
}
