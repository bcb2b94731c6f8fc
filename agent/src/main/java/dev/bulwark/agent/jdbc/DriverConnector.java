package dev.bulwark.agent.jdbc;

import dev.bulwark.bootstrap.pool.Connector;
import dev.bulwark.bootstrap.telemetry.Redaction;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;

/**
 * Opens a pool's connections with the driver that opened the application's first one, as HikariCP's
 * DriverDataSource does: {@code Driver.connect}, which Bulwark guards (the database's breaker and
 * retry), so a pool never hammers a database that is down.
 */
final class DriverConnector implements Connector<OpenConnection> {
    private final Driver driver;
    private final String url;
    private final Properties info;
    private final String databaseKey;

    DriverConnector(Driver driver, String url, Properties info, String databaseKey) {
        this.driver = driver;
        this.url = url;
        this.info = info;
        this.databaseKey = databaseKey;
    }

    @Override
    public OpenConnection open() throws SQLException {
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        // Drivers that look up their plugins through the context loader find them as in the application.
        me.setContextClassLoader(driver.getClass().getClassLoader());
        try {
            Properties copy = new Properties();
            copy.putAll(info); // a driver may change what it is given
            Connection c = driver.connect(url, copy);
            if (c == null) {
                throw new SQLNonTransientConnectionException("Bulwark: the driver " + driver.getClass().getName()
                        + " no longer accepts the URL of " + databaseKey, "08001");
            }
            try {
                return OpenConnection.capture(c);
            } catch (SQLException | RuntimeException e) {
                close(c);
                throw e;
            }
        } finally {
            me.setContextClassLoader(before);
        }
    }

    /** Redacted, and the user and password this pool connects with masked wherever the driver quoted them. */
    @Override
    public String describe(Throwable failure) {
        return Redaction.text(String.valueOf(failure), info.getProperty("user"), info.getProperty("password"));
    }

    @Override
    public boolean isValid(OpenConnection c, int timeoutSeconds) {
        try {
            return c.connection().isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close(OpenConnection c) {
        close(c.connection());
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // it is being retired; a close that fails has nothing left to release
        }
    }
}
