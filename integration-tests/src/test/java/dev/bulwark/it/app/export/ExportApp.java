package dev.bulwark.it.app.export;

import dev.bulwark.annotations.Bulwark;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For ExportSettingsIT: says whether Bulwark's telemetry thread exists (it is made in premain, before
 * main, whenever telemetry or the health endpoint is on), opens the breaker "gateway" (a metric change
 * and an event), then lives until the file {@code args[0]} exists; {@code -} ends at once.
 */
public final class ExportApp {
    private ExportApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        System.out.println("telemetry thread " + Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("bulwark-telemetry")));
        Gateway gateway = new Gateway();
        for (int i = 0; i < 5; i++) {
            try {
                gateway.call();
            } catch (RuntimeException e) {
                if (i == 4) {
                    System.out.println("open " + e.getClass().getSimpleName());
                }
            }
        }
        if (!args[0].equals("-")) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(Path.of(args[0])) && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling for the test's signal, with a deadline
            }
        }
        System.out.println("done");
    }
}
