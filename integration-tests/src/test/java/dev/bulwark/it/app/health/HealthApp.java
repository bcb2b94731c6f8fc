package dev.bulwark.it.app.health;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.it.app.credentials.QuotingDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * For HealthEndpointIT. {@code steps DIR}: walks a breaker and a pool through the states /health shows,
 * printing {@code step NAME} at each and waiting for the file DIR/NAME before going on: {@code up}
 * (a closed breaker, a working pool), {@code open} (the breaker open), {@code half-open} (one good trial
 * of the two it needs), {@code pool-down} (a second pool that cannot open a connection). {@code idle FILE}:
 * lives until FILE exists.
 */
public final class HealthApp {
    private HealthApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        if (args[0].equals("idle")) {
            awaitFile(Path.of(args[1]));
        } else {
            steps(Path.of(args[1]));
        }
        System.out.println("done");
    }

    private static void steps(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:health")) {
            c.isValid(1);
        }
        Checkout checkout = new Checkout();
        checkout.pay();
        step(dir, "up");

        checkout.failing = true;
        for (int i = 0; i < 4; i++) {
            try {
                checkout.pay();
            } catch (RuntimeException expected) {
                // counted by the breaker, which opens on the third failure and refuses the fourth call
            }
        }
        step(dir, "open");

        checkout.failing = false;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                checkout.pay(); // the first trial the breaker lets through, once its open second is over
                break;
            } catch (RuntimeException rejected) {
                if (System.nanoTime() > deadline) {
                    throw rejected;
                }
                Thread.sleep(50); // polling for the breaker to let a trial through, with a deadline
            }
        }
        step(dir, "half-open");

        DriverManager.registerDriver(new QuotingDriver());
        String url = "jdbc:quoting://127.0.0.1:1/health";
        try (Connection held = DriverManager.getConnection(url, "app", "pw")) {
            QuotingDriver.down(true);
            try (Connection second = DriverManager.getConnection(url, "app", "pw")) {
                System.out.println("second connection lent");
            } catch (SQLException e) {
                System.out.println("refused " + e.getSQLState());
            }
            step(dir, "pool-down");
        }
    }

    private static void step(Path dir, String name) throws InterruptedException {
        System.out.println("step " + name);
        awaitFile(dir.resolve(name));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling for the test's signal, with a deadline
        }
    }
}
