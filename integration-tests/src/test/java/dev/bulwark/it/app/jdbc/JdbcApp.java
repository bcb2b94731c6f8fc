package dev.bulwark.it.app.jdbc;

import dev.bulwark.annotations.Bulwark;
import dev.bulwark.annotations.BulwarkEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * JDBC scenarios against real databases, with the agent attached and no Bulwark annotation at all.
 * Prints facts, one per line; the test asserts them.
 */
public final class JdbcApp {
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=s3cr3t-pw";
    static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root"; // root has no password here
    static final CountDownLatch HOLDING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private JdbcApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("attached=" + Bulwark.isAttached());
        Bulwark.events().subscribe(BulwarkEvent.StateTransition.class,
                t -> System.out.println("event " + t.from() + "->" + t.to()));
        Bulwark.events().subscribe(BulwarkEvent.RetryScheduled.class,
                r -> System.out.println("event retry after attempt " + r.attempt()));
        switch (args[0]) {
            case "h2-errors" -> h2Errors();
            case "h2-bulkhead" -> h2Bulkhead();
            case "pg-transient" -> transientFailures(PG, """
                    CREATE OR REPLACE FUNCTION bulwark_flaky(failures int) RETURNS int AS $$
                    BEGIN
                      IF nextval('bulwark_flaky_seq') <= failures THEN
                        RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = '40001';
                      END IF;
                      RETURN 1;
                    END $$ LANGUAGE plpgsql""",
                    "DROP SEQUENCE IF EXISTS bulwark_flaky_seq", "CREATE SEQUENCE bulwark_flaky_seq",
                    "SELECT bulwark_flaky(2)");
            case "mariadb-transient" -> transientFailures(MARIADB, """
                    CREATE OR REPLACE PROCEDURE bulwark_flaky(failures INT)
                    BEGIN
                      UPDATE bulwark_flaky_count SET n = n + 1;
                      IF (SELECT n FROM bulwark_flaky_count) <= failures THEN
                        SIGNAL SQLSTATE '40001' SET MESSAGE_TEXT = 'deadlock found (test)';
                      END IF;
                    END""",
                    "CREATE OR REPLACE TABLE bulwark_flaky_count (n INT) ENGINE=MyISAM", "INSERT INTO bulwark_flaky_count VALUES (0)",
                    "CALL bulwark_flaky(2)");
            case "pg-outage" -> outage();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Errors of the application's own making never open the breaker. */
    private static void h2Errors() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:errors;DB_CLOSE_DELAY=-1", "sa", "pw");
                Statement s = c.createStatement()) {
            int syntax = 0;
            for (int i = 0; i < 30; i++) {
                try {
                    s.execute("SELEC 1");
                } catch (SQLException e) {
                    syntax++;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT 41 + 1")) {
                r.next();
                System.out.println("syntax errors=" + syntax + " then query=" + r.getInt(1));
            }
        }
    }

    /** Called by the H2 alias HOLD: keeps a statement running until the test lets it go. */
    public static int hold() throws InterruptedException {
        HOLDING.countDown();
        RELEASE.await(60, TimeUnit.SECONDS);
        return 1;
    }

    private static void h2Bulkhead() throws Exception {
        String url = "jdbc:h2:mem:bulkhead;DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection(url, "sa", "")) {
            setup.createStatement().execute("CREATE ALIAS HOLD FOR \"dev.bulwark.it.app.jdbc.JdbcApp.hold\"");
        }
        Thread holder = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("CALL HOLD()");
            } catch (SQLException e) {
                System.out.println("holder failed " + e);
            }
        });
        holder.start();
        HOLDING.await(30, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("SELECT 1");
            System.out.println("second statement ran");
        } catch (SQLException e) {
            System.out.println("second statement rejected: " + e.getClass().getSimpleName() + " state=" + e.getSQLState()
                    + " transient=" + (e instanceof java.sql.SQLTransientException));
            System.out.println("message=" + e.getMessage());
        }
        RELEASE.countDown();
        holder.join();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("SELECT 1");
            System.out.println("after release ran");
        }
    }

    private static void transientFailures(String url, String function, String reset, String counter, String call)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            Statement s = c.createStatement();
            s.execute(reset);
            s.execute(counter);
            s.execute(function);
            s.execute(call);
            System.out.println("autocommit call succeeded");
            s.execute(reset);
            s.execute(counter);
            c.setAutoCommit(false);
            try {
                s.execute(call);
                System.out.println("transaction call succeeded");
            } catch (SQLException e) {
                System.out.println("transaction call failed state=" + e.getSQLState());
            }
            c.rollback();
        }
    }

    private static void outage() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(5432)) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres&password=s3cr3t-pw"
                    + "&connectTimeout=2&socketTimeout=5";
            System.out.println("query " + query(url));
            proxy.cut();
            String last = "";
            for (int i = 0; i < 6 && !last.startsWith("rejected"); i++) {
                last = query(url);
                System.out.println("during outage " + last);
            }
            proxy.restore();
            // The breaker lets a trial through once its wait (1s in the test's configuration) is over.
            String after = "";
            for (int i = 0; i < 100 && !after.equals("1"); i++) {
                Thread.sleep(100);
                after = query(url);
            }
            System.out.println("after restore " + after);
        }
    }

    private static String query(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
            return String.valueOf(r.getInt(1));
        } catch (SQLException e) {
            return (e.getSQLState() != null && e.getSQLState().startsWith("BW") ? "rejected " : "failed ")
                    + e.getSQLState();
        }
    }
}
