package dev.bulwark.bootstrap.http;

/**
 * A per-thread depth of guarded HTTP calls, so that a request is guarded once when one client is
 * built on another, or when a client's public method calls another of its own: only the outermost
 * call on a thread is guarded.
 */
public final class HttpCallDepth {
    // One int[1] per thread, allocated on its first call; afterwards enter/exit only read the ThreadLocal.
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private HttpCallDepth() {
    }

    /** Enters an HTTP call on this thread; true when it is the outermost one. */
    public static boolean enter() {
        return DEPTH.get()[0]++ == 0;
    }

    /** Leaves it; must pair with {@link #enter()}. An unpaired exit leaves the depth at zero rather than below. */
    public static void exit() {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            depth[0]--;
        }
    }

    /** True inside a guarded call on this thread. */
    public static boolean inside() {
        return DEPTH.get()[0] > 0;
    }
}
