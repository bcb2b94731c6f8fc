package dev.bulwark.benchmarks;

import dev.bulwark.annotations.Bulkhead;
import dev.bulwark.annotations.BulkheadFullException;
import dev.bulwark.annotations.Bulwark;

/**
 * Guards the benchmarks against measuring the wrong thing: a fork meant to carry the agent must
 * really guard annotated methods, and a fork meant to run without it must not have it.
 */
final class AgentCheck {
    private AgentCheck() {
    }

    static void requireAgent() {
        if (!Bulwark.isAttached()) {
            throw new IllegalStateException("this benchmark needs the Bulwark agent in its fork: run it through "
                    + "benchmarks/run.sh, which copies the agent to benchmarks/target/agent/bulwark-agent.jar");
        }
        try {
            new Probe().enter(2);
        } catch (BulkheadFullException expected) {
            return;
        }
        throw new IllegalStateException("the agent is attached but did not guard " + Probe.class.getName());
    }

    static void requireNoAgent() {
        if (Bulwark.isAttached()) {
            throw new IllegalStateException("this benchmark must run without the Bulwark agent");
        }
    }

    static final class Probe {
        /** Re-enters itself: with the agent, the second entry finds the one permit taken. */
        @Bulkhead(maxConcurrentCalls = 1)
        int enter(int depth) {
            return depth <= 1 ? 0 : enter(depth - 1);
        }
    }
}
