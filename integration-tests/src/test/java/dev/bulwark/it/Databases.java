package dev.bulwark.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The database and message servers on this machine: required when CI=true, skipped with a clear message elsewhere. */
final class Databases {
    private Databases() {
    }

    static void require(String name, int port) {
        boolean up = reachable(port);
        if (!up && "true".equals(System.getenv("CI"))) {
            Assertions.fail(name + " is not reachable on 127.0.0.1:" + port + ", and CI=true requires it: start it "
                    + "(see .ci/run)");
        }
        Assumptions.assumeTrue(up, name + " is not reachable on 127.0.0.1:" + port
                + "; skipped here (CI=true makes it required)");
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
