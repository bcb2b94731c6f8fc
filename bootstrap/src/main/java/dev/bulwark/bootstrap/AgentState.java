package dev.bulwark.bootstrap;

/**
 * Whether the agent finished starting in this JVM. The runtime classes can be present while the
 * agent is not active (it failed to start, or refused a bad configuration), so presence alone says
 * nothing; {@code dev.bulwark.annotations.Bulwark#isAttached} asks this.
 */
public final class AgentState {
    private static volatile boolean started;

    private AgentState() {
    }

    public static boolean isStarted() {
        return started;
    }

    public static void markStarted() {
        started = true;
    }
}
