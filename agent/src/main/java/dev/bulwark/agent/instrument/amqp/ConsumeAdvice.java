package dev.bulwark.agent.instrument.amqp;

import dev.bulwark.bootstrap.amqp.RabbitGuards;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code basicConsume(queue, autoAck, tag, noLocal, exclusive, arguments, consumer)} of
 * every Channel, which all overloads end in: remembers which queue and channel a consumer reads. On
 * exit, so that a wrapping channel (amqp-client's recovering one) is what is remembered.
 */
public final class ConsumeAdvice {
    private ConsumeAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.This Object channel, @Advice.Argument(0) String queue,
            @Advice.Argument(1) boolean autoAck, @Advice.Argument(6) Object consumer,
            @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            RabbitGuards.consumerStarted(channel, queue, autoAck, consumer);
        }
    }
}
