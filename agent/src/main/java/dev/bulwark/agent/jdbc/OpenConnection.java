package dev.bulwark.agent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection the pool opened, with the session settings it had when new: what a borrower's
 * changes are reset to when it gives the connection back. A setting the driver cannot report is null
 * (catalog, schema) and is then never reset.
 */
record OpenConnection(Connection connection, boolean autoCommit, boolean readOnly, int isolation, String catalog,
        String schema, int networkTimeout) {

    static OpenConnection capture(Connection c) throws SQLException {
        return new OpenConnection(c, c.getAutoCommit(), c.isReadOnly(), c.getTransactionIsolation(), catalog(c),
                schema(c), networkTimeout(c));
    }

    private static String catalog(Connection c) {
        try {
            return c.getCatalog();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String schema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            return null; // drivers older than JDBC 4.1
        }
    }

    private static int networkTimeout(Connection c) {
        try {
            return c.getNetworkTimeout();
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            return 0;
        }
    }
}
