package dev.bulwark.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A connection held for the whole fork (from DriverManager.getConnection, so with Bulwark's agent it
 * is one borrowed from its pool) and the query prepared on it once: the query benchmarks measure
 * executeQuery and reading its one row, not connecting or preparing.
 */
@State(Scope.Thread)
public class HeldQuery {
    Connection connection;
    PreparedStatement statement;

    @Setup
    public void open() throws SQLException {
        connection = Jdbc.connect();
        statement = connection.prepareStatement(Jdbc.QUERY);
        if (Jdbc.selectOne(statement) != 1) {
            throw new IllegalStateException(Jdbc.QUERY + " did not return 1");
        }
    }

    @TearDown
    public void close() throws SQLException {
        statement.close();
        connection.close();
    }
}
