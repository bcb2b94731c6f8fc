package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.Fallback;

/** Fallbacks that cannot stand in for their methods: each is reported once and fails every call. */
public class BadFallbacks {
    int invocations;

    @Fallback(method = "missing")
    public String noSuchFallback(String key) {
        invocations++;
        return key;
    }

    @Fallback(method = "wrongParameters")
    public String mismatched(String key) {
        invocations++;
        return key;
    }

    String wrongParameters(int key) {
        return "never";
    }

    @Fallback(method = "instanceOnly")
    public static String staticWithInstanceFallback(String key) {
        return key;
    }

    String instanceOnly(String key) {
        return "never";
    }
}
