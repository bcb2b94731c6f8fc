package dev.bulwark.demo;

import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Retry;

/** Charges through the flaky gateway; Bulwark retries blips and stops hammering it during the outage. */
class CheckoutService {
    private final PaymentGateway gateway;

    CheckoutService(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    @Retry(name = "payments", maxAttempts = 3, waitDuration = "20ms", backoffMultiplier = 2)
    @CircuitBreaker(name = "payments", slidingWindowSize = 20, minimumNumberOfCalls = 10,
            waitDurationInOpenState = "2s", permittedNumberOfCallsInHalfOpenState = 3)
    public String checkout(int cents) {
        return gateway.charge(cents);
    }
}
