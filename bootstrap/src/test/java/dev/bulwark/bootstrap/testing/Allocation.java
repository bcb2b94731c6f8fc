package dev.bulwark.bootstrap.testing;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Test helper: heap bytes one call allocates on this thread, averaged over many calls. */
public final class Allocation {
    private static final int WARM_UP = 20_000;
    private static final int CALLS = 200_000;

    private Allocation() {
    }

    public static long bytesPerCall(Runnable call) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("this JVM cannot measure allocation per thread");
            return 0;
        }
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        long after = mx.getThreadAllocatedBytes(thread);
        // Integer division: a few bytes of measuring overhead over all calls round to zero.
        return (after - before) / CALLS;
    }
}
