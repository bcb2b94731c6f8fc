package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.RateLimiter;

public class Quotes {
    int invocations;

    /** A period of an hour: no permit comes back while the scenario runs. */
    @RateLimiter(name = "quotes", limitForPeriod = 3, limitRefreshPeriod = "1h")
    public String quote(String symbol) {
        invocations++;
        return symbol + " 42.00";
    }
}
