package dev.bulwark.it.app.policies;

import dev.bulwark.annotations.FallbackHandler;

public class CachedPriceHandler implements FallbackHandler<String> {
    @Override
    public String handle(Context context) {
        return "handler target=" + context.target() + " arguments=" + context.arguments() + " failure="
                + context.failure().getClass().getSimpleName() + ": " + context.failure().getMessage();
    }
}
