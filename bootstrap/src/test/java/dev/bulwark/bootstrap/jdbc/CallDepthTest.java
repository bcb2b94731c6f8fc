package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.bootstrap.testing.Allocation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDepthTest {
    @AfterEach
    void leaveEveryCall() {
        while (CallDepth.depth() > 0) {
            CallDepth.exit();
        }
    }

    @Test
    void firstEnterIsTheOutermost() {
        assertTrue(CallDepth.enter());
    }

    @Test
    void nestedEnterIsNotTheOutermost() {
        CallDepth.enter();
        assertFalse(CallDepth.enter());
    }

    @Test
    void depthCountsNestedCalls() {
        CallDepth.enter();
        CallDepth.enter();
        CallDepth.enter();
        assertEquals(3, CallDepth.depth());
    }

    @Test
    void exitUnwindsOneLevel() {
        CallDepth.enter();
        CallDepth.enter();
        CallDepth.exit();
        assertEquals(1, CallDepth.depth());
    }

    @Test
    void afterTheOutermostExitsTheNextEnterIsOutermostAgain() {
        CallDepth.enter();
        CallDepth.enter();
        CallDepth.exit();
        CallDepth.exit();
        assertTrue(CallDepth.enter());
    }

    @Test
    void depthIsZeroOutsideAnyCall() {
        assertEquals(0, CallDepth.depth());
    }

    @Test
    void unpairedExitDoesNotGoBelowZero() {
        CallDepth.exit();
        assertTrue(CallDepth.enter());
    }

    @Test
    void anotherThreadHasItsOwnDepth() throws InterruptedException {
        CallDepth.enter();
        AtomicBoolean outermostThere = new AtomicBoolean();
        AtomicInteger depthThere = new AtomicInteger(-1);
        Thread other = new Thread(() -> {
            outermostThere.set(CallDepth.enter());
            depthThere.set(CallDepth.depth());
            CallDepth.exit();
        });
        other.start();
        other.join();
        assertTrue(outermostThere.get() && depthThere.get() == 1 && CallDepth.depth() == 1,
                () -> "there: outermost=" + outermostThere + " depth=" + depthThere + "; here: depth=" + CallDepth.depth());
    }

    @Test
    void enterAndExitAllocateNothingAfterTheFirstCall() {
        CallDepth.enter();
        CallDepth.exit();
        assertEquals(0, Allocation.bytesPerCall(() -> {
            CallDepth.enter();
            CallDepth.exit();
        }));
    }
}
