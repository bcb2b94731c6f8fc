package dev.bulwark.it.app;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scenarios for configuration: the test decides the configuration, this prints what the guards did.
 * Reload scenarios print "ready" and wait for the agent's reload (or rejection) event.
 */
public final class ConfiguredApp {
    private ConfiguredApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        CountDownLatch reloaded = new CountDownLatch(1);
        CountDownLatch rejected = new CountDownLatch(1);
        Bulwark.subscribe(e -> {
            if (e instanceof BulwarkEvent.ConfigReloaded) {
                reloaded.countDown();
            } else if (e instanceof BulwarkEvent.ConfigRejected r) {
                System.out.println("rejected-reload " + r.errors());
                rejected.countDown();
            }
        });
        ConfiguredService service = new ConfiguredService();
        switch (args[0]) {
            case "fail-four-then-call" -> {
                failures(service, 4);
                System.out.println("fifth call " + outcome(service, false));
            }
            case "plain" -> {
                PlainService plain = new PlainService();
                for (int i = 0; i < 2; i++) {
                    try {
                        plain.call();
                    } catch (IllegalStateException e) {
                        System.out.println("plain failed");
                    }
                }
                System.out.println("plain invocations=" + plain.invocations);
            }
            case "reload" -> {
                failures(service, 4);
                System.out.println("before reload: fifth call " + outcome(service, false));
                System.out.println("ready");
                if (!reloaded.await(60, TimeUnit.SECONDS)) {
                    System.out.println("no reload event");
                    return;
                }
                // The window kept its five outcomes; the new minimum of 6 is reached by this failure.
                System.out.println("after reload: sixth call " + outcome(service, true));
                System.out.println("after reload: seventh call " + outcome(service, false));
            }
            case "broken-reload" -> {
                System.out.println("ready");
                if (!rejected.await(60, TimeUnit.SECONDS)) {
                    System.out.println("no rejection event");
                    return;
                }
                failures(service, 4);
                System.out.println("after broken reload: fifth call " + outcome(service, false));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void failures(ConfiguredService service, int n) {
        for (int i = 0; i < n; i++) {
            System.out.println("call " + outcome(service, true));
        }
    }

    private static String outcome(ConfiguredService service, boolean fail) {
        try {
            service.call(fail);
            return "ran";
        } catch (IllegalStateException e) {
            return "failed";
        } catch (RuntimeException e) {
            return "rejected by " + e.getClass().getSimpleName();
        }
    }
}
