package dev.bulwark.bootstrap.balance;

import java.util.Locale;

/** How a {@link LoadBalancer} picks the endpoint of the next request. */
public enum Strategy {
    /** Each endpoint in turn. */
    ROUND_ROBIN,
    /** The less busy of two endpoints picked at random (power of two choices on in-flight requests). */
    LEAST_CONNECTIONS,
    /** An endpoint picked at random, each as likely. */
    RANDOM,
    /** Each endpoint in turn, as many times per round as its weight, interleaved. */
    WEIGHTED_ROUND_ROBIN;

    /** The name in bulwark.yaml: {@code round-robin}, {@code least-connections}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The strategy named {@code key} in bulwark.yaml, or null. */
    public static Strategy byKey(String key) {
        for (Strategy s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
