package dev.bulwark.it.app;

/**
 * Runs without the agent until it is attached from outside: calls a failing annotated method (whose
 * class is therefore already loaded) until a call is rejected by a breaker, or a minute passes.
 */
public final class AttachApp {
    private AttachApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Inventory inventory = new Inventory();
        System.out.println("pid=" + ProcessHandle.current().pid());
        long deadline = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        while (System.nanoTime() < deadline) {
            calls++;
            try {
                inventory.reserve(true);
            } catch (IllegalStateException e) {
                // unguarded, or guarded and still closed
            } catch (RuntimeException e) {
                // Matched by name: after a late attach the bootstrap copy of the class is thrown.
                System.out.println("rejected by " + e.getClass().getName() + " after " + calls + " calls, body ran "
                        + inventory.invocations + " times");
                return;
            }
            Thread.sleep(20); // pacing only; the outcome never depends on it
        }
        System.out.println("never guarded after " + calls + " calls");
    }
}
