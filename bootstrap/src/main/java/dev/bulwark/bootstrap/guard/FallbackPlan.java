package dev.bulwark.bootstrap.guard;

import java.util.List;

/**
 * Where a failed call's replacement result comes from, as checked at transform time: a method of
 * the guarded class ({@code method} with {@code parameterTypes}, optionally followed by the
 * failure), or a handler class. Classes are held by name and resolved in the guarded class's loader
 * on first use.
 */
public record FallbackPlan(String method, List<String> parameterTypes, boolean takesFailure, String handler,
        List<String> applyOn, List<String> skipOn) {

    public FallbackPlan {
        parameterTypes = List.copyOf(parameterTypes);
        applyOn = List.copyOf(applyOn);
        skipOn = List.copyOf(skipOn);
    }
}
