package dev.bulwark.bootstrap.jdbc;

/**
 * A per-thread call depth, so that wrappers (a pool's proxy statement delegating to the driver's
 * statement, a DataSource delegating to a Driver) are guarded once per call: only the outermost
 * call on a thread is guarded.
 */
public final class CallDepth {
    // One int[1] per thread, allocated on its first call; afterwards enter/exit only read the ThreadLocal.
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private CallDepth() {
    }

    /** Enters a JDBC call on this thread; true when it is the outermost one. No allocation after the first call on a thread. */
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

    /** The current depth on this thread: 0 outside any JDBC call. For tests. */
    public static int depth() {
        return DEPTH.get()[0];
    }
}
