package dev.bulwark.bootstrap.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import dev.bulwark.annotations.CircuitBreakerState;
import dev.bulwark.annotations.PolicyKind;
import dev.bulwark.annotations.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bulwark.events() with the runtime on the class path, as it is when the agent is attached. */
class TypedEventsTest {

    @Test
    void aTypedSubscriptionReceivesOnlyItsTypeUntilClosed() {
        List<String> seen = new ArrayList<>();
        Subscription s = Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> seen.add(t.policyName() + " " + t.to()));
        EventBus.global().publish(new BulwarkEvent.CallRejected("p", PolicyKind.BULKHEAD, "t", "full", Instant.EPOCH));
        EventBus.global().publish(new BulwarkEvent.StateTransition("b", CircuitBreakerState.CLOSED,
                CircuitBreakerState.OPEN, Instant.EPOCH));
        s.close();
        EventBus.global().publish(new BulwarkEvent.StateTransition("b", CircuitBreakerState.OPEN,
                CircuitBreakerState.HALF_OPEN, Instant.EPOCH));
        assertEquals(List.of("b OPEN"), seen);
    }
}
