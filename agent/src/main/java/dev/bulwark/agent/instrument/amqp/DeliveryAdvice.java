package dev.bulwark.agent.instrument.amqp;

import dev.bulwark.bootstrap.amqp.RabbitGuards;
import dev.bulwark.bootstrap.guard.Guard;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code handleDelivery} of every RabbitMQ Consumer: the delivery passes its queue's
 * breaker, and a failure is handed to a delay queue or the dead-letter queue (and then not thrown on,
 * which would make amqp-client close the channel).
 */
public final class DeliveryAdvice {
    private DeliveryAdvice() {
    }

    @Advice.OnMethodEnter
    static Guard onEnter(@Advice.This Object consumer, @Advice.Local("bulwarkOuter") boolean outer,
            @Advice.Local("bulwarkStart") long start) {
        outer = RabbitGuards.enterDelivery();
        if (!outer) {
            return null; // an override calling super.handleDelivery: the outermost call is the one guarded
        }
        Guard guard = RabbitGuards.beforeDelivery(consumer);
        if (guard != null) {
            start = guard.now();
        }
        return guard;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void onExit(@Advice.Enter Guard guard, @Advice.This Object consumer,
            @Advice.Argument(1) Object envelope, @Advice.Argument(2) Object properties,
            @Advice.Argument(3) byte[] body,
            @Advice.Local("bulwarkOuter") boolean outer,
            @Advice.Local("bulwarkStart") long start,
            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (!outer) {
            RabbitGuards.exitDelivery();
            return;
        }
        RabbitGuards.exitDelivery();
        if (RabbitGuards.afterDelivery(guard, consumer, start, envelope, properties, body, thrown)) {
            thrown = null;
        }
    }
}
