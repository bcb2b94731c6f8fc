package dev.bulwark.agent.instrument.amqp;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which RabbitMQ (amqp-client 5.x) classes and methods are instrumented: channels' basicConsume, consumers' handleDelivery. */
public final class RabbitInstrumentation {
    // Joined at run time: the agent bundles its own amqp-client (relocated, for `dlq replay`), and the
    // shade plugin would relocate string constants naming its classes; these must name the application's.
    private static final String CLIENT = String.join(".", "com", "rabbitmq", "client") + ".";

    public ElementMatcher<TypeDescription> channels() {
        return not(isInterface()).and(hasSuperType(named(CLIENT + "Channel")));
    }

    public ElementMatcher<TypeDescription> consumers() {
        return not(isInterface()).and(hasSuperType(named(CLIENT + "Consumer")));
    }

    public AgentBuilder.Transformer channelTransformer() {
        Advice advice = Advice.to(ConsumeAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("basicConsume")
                .and(not(isAbstract())).and(takesArguments(7))
                .and(takesArgument(0, named("java.lang.String")))
                .and(takesArgument(6, named(CLIENT + "Consumer")))));
    }

    public AgentBuilder.Transformer consumerTransformer() {
        Advice advice = Advice.to(DeliveryAdvice.class);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(named("handleDelivery")
                .and(not(isAbstract())).and(takesArguments(4))
                .and(takesArgument(1, named(CLIENT + "Envelope")))));
    }
}
