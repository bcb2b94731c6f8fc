package dev.bulwark.agent.instrument.amqp;

import dev.bulwark.bootstrap.amqp.RabbitGuards;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code basicConsume(queue, autoAck, tag, noLocal, exclusive, arguments, consumer)} of
 * every Channel, which all overloads end in: remembers which queue and channel a consumer reads. On
 * entry, because deliveries may reach the consumer before basicConsume returns. The innermost channel
 * is the one remembered (amqp-client's recovering channel calls its delegate's, and calls it again
 * on a new delegate after a recovery).
 */
public final class ConsumeAdvice {
    private ConsumeAdvice() {
    }

    @Advice.OnMethodEnter
    static void onEnter(@Advice.This Object channel, @Advice.Argument(0) String queue,
            @Advice.Argument(1) boolean autoAck, @Advice.Argument(6) Object consumer) {
        RabbitGuards.consumerStarted(channel, queue, autoAck, consumer);
    }
}
