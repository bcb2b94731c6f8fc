package dev.bulwark.annotations;

import java.util.List;

/**
 * Computes a fallback result for {@link Fallback#handler()}. One instance is created per guarded
 * method, so a handler may keep state, but must be safe for concurrent calls.
 *
 * @param <T> what the guarded method returns
 */
public interface FallbackHandler<T> {

    T handle(Context context);

    /** What failed: the method, its arguments and the failure or rejection. */
    record Context(String target, List<Object> arguments, Throwable failure) {
    }

    /** Marks "no handler" in the annotation. */
    final class None implements FallbackHandler<Object> {
        private None() {
        }

        @Override
        public Object handle(Context context) {
            throw new IllegalStateException("no fallback handler");
        }
    }
}
