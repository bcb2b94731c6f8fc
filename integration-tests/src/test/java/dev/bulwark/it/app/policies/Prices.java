package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.CircuitBreaker;
import dev.bulwark.annotations.Fallback;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** Guarded methods whose failures a fallback method or handler replaces. */
public class Prices {
    int priceCalls;
    int breakerCalls;
    int selectiveCalls;
    final List<String> dropped = new ArrayList<>();

    @Fallback(method = "cachedPrice")
    public String price(String item) {
        priceCalls++;
        throw new IllegalStateException("price service down for " + item);
    }

    /** Private on purpose: a fallback need not be visible to anyone but its class. */
    private String cachedPrice(String item) {
        return "cached price of " + item;
    }

    @Fallback(method = "explained")
    public String priceExplained(String item) {
        throw new IllegalStateException("no price for " + item);
    }

    @Fallback(method = "explained")
    @CircuitBreaker(name = "prices", slidingWindowSize = 2, minimumNumberOfCalls = 2, waitDurationInOpenState = "1h")
    public String guardedPrice(String item) {
        breakerCalls++;
        throw new IllegalStateException("down #" + breakerCalls);
    }

    String explained(String item, Throwable failure) {
        return "fallback for " + item + " after " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    @Fallback(handler = CachedPriceHandler.class)
    public String handled(String item, int quantity) {
        throw new IllegalStateException("handled service down");
    }

    @Fallback(method = "selectiveFallback", applyOn = IllegalStateException.class,
            skipOn = CancellationException.class)
    public String selective(String kind) {
        selectiveCalls++;
        switch (kind) {
            case "state" -> throw new IllegalStateException("state");
            case "cancelled" -> throw new CancellationException("cancelled"); // a subclass of IllegalStateException
            case "argument" -> throw new IllegalArgumentException("argument");
            default -> {
                return "ran " + kind;
            }
        }
    }

    String selectiveFallback(String kind) {
        return "fallback for " + kind;
    }

    @Fallback(method = "noStock")
    public int stock(String item) {
        if (item.equals("known")) {
            return 7;
        }
        throw new IllegalStateException("unknown item " + item);
    }

    int noStock(String item) {
        return -1;
    }

    @Fallback(method = "drop")
    public void publish(String message) {
        throw new IllegalStateException("broker down");
    }

    void drop(String message, Throwable failure) {
        dropped.add(message + " (" + failure.getMessage() + ")");
    }

    @Fallback(method = "defaultRate")
    public static double rate(String currency) {
        throw new IllegalStateException("no rate for " + currency);
    }

    private static double defaultRate(String currency) {
        return 1.5;
    }

    @Fallback(method = "alsoDown")
    public String unavailable(String item) {
        throw new IllegalStateException("primary down");
    }

    String alsoDown(String item) {
        throw new UnsupportedOperationException("fallback down too");
    }
}
