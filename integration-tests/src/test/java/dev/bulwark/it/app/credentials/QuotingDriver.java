package dev.bulwark.it.app.credentials;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A driver for {@code jdbc:quoting:} URLs, as careless as some real ones: while {@link #down} it
 * refuses with a message that quotes the whole URL, the user and the password. Otherwise it opens an
 * in-memory H2 database.
 */
public final class QuotingDriver implements Driver {
    private static volatile boolean down;

    /** While true, every connection attempt is refused (with a message that quotes the credentials). */
    public static void down(boolean refuse) {
        down = refuse;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        if (down) {
            throw new SQLException("cannot connect to " + url + " as " + info.getProperty("user") + " with password="
                    + info.getProperty("password"), "08001");
        }
        return org.h2.Driver.load().connect("jdbc:h2:mem:quoted", new Properties());
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:quoting:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
