package dev.bulwark.bootstrap.guard;

/**
 * Marks the next guarded call on this thread as a retry attempt Bulwark makes itself: its permits
 * are already taken, so the advice lets it through. One use only: the mark is gone once read, so
 * the calls that attempt makes are guarded as usual.
 */
public final class AsyncReentry {
    private static final ThreadLocal<Boolean> NEXT = new ThreadLocal<>();

    private AsyncReentry() {
    }

    static void markNext() {
        NEXT.set(Boolean.TRUE);
    }

    /** True (once) when the call now entering is Bulwark's own retry attempt. */
    public static boolean consume() {
        if (NEXT.get() == null) {
            return false;
        }
        NEXT.remove();
        return true;
    }

    static void clear() {
        NEXT.remove();
    }
}
