package dev.bulwark.bootstrap.amqp;

import java.util.concurrent.atomic.LongAdder;

/** What happened to one queue's deliveries; read by telemetry. */
public final class QueueStats {
    final LongAdder delivered = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder paused = new LongAdder();
    final LongAdder handOffFailures = new LongAdder();

    public long delivered() {
        return delivered.sum();
    }

    public long succeeded() {
        return succeeded.sum();
    }

    /** Failed deliveries sent to a delay queue, to come back later. */
    public long retried() {
        return retried.sum();
    }

    /** Failed deliveries sent to the dead-letter queue after their last attempt. */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Times consumption paused because the queue's breaker was open. */
    public long paused() {
        return paused.sum();
    }

    /** Failed deliveries whose retry or dead-letter copy the broker did not confirm: given back to the queue. */
    public long handOffFailures() {
        return handOffFailures.sum();
    }
}
