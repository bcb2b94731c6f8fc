package dev.bulwark.bootstrap.http;

/**
 * Marks the next asynchronous send on this thread as a retry attempt Bulwark makes itself: its
 * permits are already taken, so the advice lets it through. Gone once read.
 */
public final class HttpReentry {
    private static final ThreadLocal<Boolean> NEXT = new ThreadLocal<>();

    private HttpReentry() {
    }

    static void markNext() {
        NEXT.set(Boolean.TRUE);
    }

    /** True (once) when the send now entering is Bulwark's own retry attempt. */
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
