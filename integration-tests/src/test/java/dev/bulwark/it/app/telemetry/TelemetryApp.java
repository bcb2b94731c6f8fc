package dev.bulwark.it.app.telemetry;

import dev.bulwark.annotations.Bulwark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Scenarios for TelemetryIT. {@code export}: statements against an H2 database whose URL holds a
 * password, then a breaker that opens; then it lives on for {@code args[1]} ms so exports happen.
 * {@code health}: the breaker opens, waits for the file {@code args[1]}/open-seen, closes the
 * breaker, and waits for {@code args[1]}/closed-seen. {@code idle}: lives for {@code args[1]} ms.
 */
public final class TelemetryApp {
    static final String PASSWORD = "s3cr3t-pw";

    private TelemetryApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        switch (args[0]) {
            case "export" -> {
                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:orders;USER=sa;PASSWORD=" + PASSWORD);
                        Statement s = c.createStatement()) {
                    s.execute("create table orders(id int)");
                    s.execute("insert into orders values (1)");
                    try (ResultSet r = s.executeQuery("select count(*) from orders")) {
                        r.next();
                        System.out.println("rows " + r.getInt(1));
                    }
                }
                openBreaker(new Payments());
                Thread.sleep(Long.parseLong(args[1]));
            }
            case "health" -> {
                Path dir = Path.of(args[1]);
                Payments payments = new Payments();
                openBreaker(payments);
                awaitFile(dir.resolve("open-seen"));
                payments.failing = false;
                Thread.sleep(1200); // past waitDurationInOpenState: the next call is a trial
                System.out.println("trial " + payments.charge());
                System.out.println("closed");
                awaitFile(dir.resolve("closed-seen"));
            }
            case "idle" -> Thread.sleep(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    private static void openBreaker(Payments payments) {
        for (int i = 0; i < 4; i++) {
            try {
                payments.charge();
            } catch (IllegalStateException expected) {
                // counted by the breaker
            }
        }
        try {
            payments.charge();
            System.out.println("breaker did not open");
        } catch (RuntimeException e) {
            System.out.println("open " + e.getClass().getSimpleName());
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
