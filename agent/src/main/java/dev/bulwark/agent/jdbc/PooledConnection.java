package dev.bulwark.agent.jdbc;

import dev.bulwark.bootstrap.jdbc.ConnectionRegistry;
import dev.bulwark.bootstrap.jdbc.SqlFailures;
import dev.bulwark.bootstrap.pool.ConnectionPool;
import dev.bulwark.bootstrap.pool.PoolEntry;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What an application holds while it borrows a pooled connection: one per borrow, so a reference
 * kept after {@code close()} can never reach the connection that another borrower holds now. It
 * delegates every call; it remembers the statements made through it and which session settings the
 * application changed, so that {@code close()} can hand the connection back clean the way HikariCP
 * does: open statements closed, uncommitted work rolled back, changed settings restored, warnings
 * cleared. A failure that means the connection is dead retires it instead.
 */
final class PooledConnection implements Connection {
    private static final int AUTO_COMMIT = 1;
    private static final int READ_ONLY = 2;
    private static final int CATALOG = 4;
    private static final int ISOLATION = 8;
    private static final int SCHEMA = 16;
    private static final int NETWORK_TIMEOUT = 32;
    private static final Statement[] NONE = new Statement[0];

    private final ConnectionPool<OpenConnection> pool;
    private final PoolEntry<OpenConnection> entry;
    private final OpenConnection open;
    private final Connection delegate;
    private int changed;
    // As the borrower set it, so close() needs no driver call to know whether work may be uncommitted.
    private boolean autoCommit;
    private Statement[] statements = NONE;
    private int statementCount;
    private volatile boolean closed;

    PooledConnection(ConnectionPool<OpenConnection> pool, PoolEntry<OpenConnection> entry) {
        this.pool = pool;
        this.entry = entry;
        this.open = entry.connection();
        this.delegate = open.connection();
        this.autoCommit = open.autoCommit();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeStatements();
            if (!autoCommit) {
                delegate.rollback(); // never hand on half a transaction
            }
            restoreChanged();
            // Also how a connection closed behind the pool's back shows (Statement.getConnection() gives the
            // driver's own): drivers refuse it on a closed connection.
            delegate.clearWarnings();
        } catch (SQLException | RuntimeException e) {
            entry.markBroken(); // in an unknown state, or closed: retired rather than lent again
        } finally {
            if (ConnectionRegistry.global().isBroken(delegate)) {
                entry.markBroken();
            }
            pool.release(entry);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !closed && delegate.isValid(timeout);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return live().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || live().isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "Bulwark pooled connection of " + pool.name() + (closed ? " (closed)" : "");
    }

    private Connection live() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("Bulwark: this pooled connection is closed", "08003");
        }
        return delegate;
    }

    private SQLException failed(SQLException e) {
        if (SqlFailures.isFatal(e)) {
            entry.markBroken();
        }
        return e;
    }

    private void changed(int setting) {
        changed |= setting;
    }

    /**
     * Remembers a statement so that close() can close it. Not synchronized, like HikariCP's list: a
     * connection is used by one thread at a time. Should two threads race here anyway, a statement
     * may go untracked (the driver still closes it with its connection), but the application never
     * sees an exception of Bulwark's.
     */
    private <S extends Statement> S track(S statement) {
        try {
            if (statementCount == statements.length) {
                dropClosedStatements();
                if (statementCount == statements.length) {
                    statements = Arrays.copyOf(statements, Math.max(8, statementCount * 2));
                }
            }
            statements[statementCount++] = statement;
        } catch (RuntimeException raced) {
            // see above
        }
        return statement;
    }

    private void dropClosedStatements() {
        int kept = 0;
        for (int i = 0; i < statementCount; i++) {
            Statement s = statements[i];
            boolean open;
            try {
                open = !s.isClosed();
            } catch (SQLException e) {
                open = false;
            }
            if (open) {
                statements[kept++] = s;
            }
        }
        Arrays.fill(statements, kept, statementCount, null);
        statementCount = kept;
    }

    private void closeStatements() {
        for (int i = 0; i < statementCount; i++) {
            try {
                statements[i].close();
            } catch (SQLException | RuntimeException e) {
                // closing it is best effort; the connection is reset either way
            }
            statements[i] = null;
        }
        statementCount = 0;
    }

    private void restoreChanged() throws SQLException {
        if (changed == 0) {
            return;
        }
        if ((changed & AUTO_COMMIT) != 0) {
            delegate.setAutoCommit(open.autoCommit());
        }
        if ((changed & READ_ONLY) != 0) {
            delegate.setReadOnly(open.readOnly());
        }
        if ((changed & ISOLATION) != 0) {
            delegate.setTransactionIsolation(open.isolation());
        }
        if ((changed & CATALOG) != 0 && open.catalog() != null) {
            delegate.setCatalog(open.catalog());
        }
        if ((changed & SCHEMA) != 0 && open.schema() != null) {
            delegate.setSchema(open.schema());
        }
        if ((changed & NETWORK_TIMEOUT) != 0) {
            delegate.setNetworkTimeout(Runnable::run, open.networkTimeout());
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        try {
            return track(live().createStatement());
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0) throws SQLException {
        try {
            return track(live().prepareStatement(a0));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String a0) throws SQLException {
        try {
            return track(live().prepareCall(a0));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String nativeSQL(String a0) throws SQLException {
        try {
            return live().nativeSQL(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAutoCommit(boolean a0) throws SQLException {
        try {
            live().setAutoCommit(a0);
            autoCommit = a0;
            changed(AUTO_COMMIT);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        try {
            return live().getAutoCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        try {
            live().commit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            live().rollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            return live().getMetaData();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setReadOnly(boolean a0) throws SQLException {
        try {
            live().setReadOnly(a0);
            changed(READ_ONLY);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return live().isReadOnly();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCatalog(String a0) throws SQLException {
        try {
            live().setCatalog(a0);
            changed(CATALOG);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        try {
            return live().getCatalog();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTransactionIsolation(int a0) throws SQLException {
        try {
            live().setTransactionIsolation(a0);
            changed(ISOLATION);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        try {
            return live().getTransactionIsolation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return live().getWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            live().clearWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
        try {
            return track(live().createStatement(a0, a1));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
        try {
            return track(live().prepareStatement(a0, a1, a2));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
        try {
            return track(live().prepareCall(a0, a1, a2));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        try {
            return live().getTypeMap();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
        try {
            live().setTypeMap(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setHoldability(int a0) throws SQLException {
        try {
            live().setHoldability(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        try {
            return live().getHoldability();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        try {
            return live().setSavepoint();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String a0) throws SQLException {
        try {
            return live().setSavepoint(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback(Savepoint a0) throws SQLException {
        try {
            live().rollback(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint a0) throws SQLException {
        try {
            live().releaseSavepoint(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
        try {
            return track(live().createStatement(a0, a1, a2));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
        try {
            return track(live().prepareStatement(a0, a1, a2, a3));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
        try {
            return track(live().prepareCall(a0, a1, a2, a3));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
        try {
            return track(live().prepareStatement(a0, a1));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
        try {
            return track(live().prepareStatement(a0, a1));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
        try {
            return track(live().prepareStatement(a0, a1));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        try {
            return live().createClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        try {
            return live().createBlob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        try {
            return live().createNClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        try {
            return live().createSQLXML();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Bulwark: the connection is closed", null);
        }
        delegate.setClientInfo(a0, a1);
    }

    @Override
    public void setClientInfo(Properties a0) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Bulwark: the connection is closed", null);
        }
        delegate.setClientInfo(a0);
    }

    @Override
    public String getClientInfo(String a0) throws SQLException {
        try {
            return live().getClientInfo(a0);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        try {
            return live().getClientInfo();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Array createArrayOf(String a0, Object[] a1) throws SQLException {
        try {
            return live().createArrayOf(a0, a1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Struct createStruct(String a0, Object[] a1) throws SQLException {
        try {
            return live().createStruct(a0, a1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setSchema(String a0) throws SQLException {
        try {
            live().setSchema(a0);
            changed(SCHEMA);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        try {
            return live().getSchema();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void abort(Executor a0) throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        entry.markBroken(); // aborted: its session is gone
        try {
            delegate.abort(a0);
        } finally {
            pool.release(entry);
        }
    }

    @Override
    public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
        try {
            live().setNetworkTimeout(a0, a1);
            changed(NETWORK_TIMEOUT);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        try {
            return live().getNetworkTimeout();
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
