package dev.bulwark.bootstrap.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The few java.sql operations Bulwark's JDBC runtime needs, reached through method handles. Code on
 * the bootstrap class path cannot name a java.sql type: that module belongs to the platform class
 * loader, which the bootstrap loader does not see. Handles found once through the platform loader
 * work from anywhere, and the JIT inlines them like direct calls.
 */
final class JavaSql {
    static final Class<?> SQL_EXCEPTION = type("java.sql.SQLException");
    static final Class<?> SQL_TRANSIENT = type("java.sql.SQLTransientException");
    static final Class<?> SQL_RECOVERABLE = type("java.sql.SQLRecoverableException");
    static final Class<?> SQL_NON_TRANSIENT_CONNECTION = type("java.sql.SQLNonTransientConnectionException");

    private static final MethodHandle GET_SQL_STATE = virtual("java.sql.SQLException", "getSQLState", String.class);
    private static final MethodHandle GET_NEXT_EXCEPTION = virtual("java.sql.SQLException", "getNextException",
            type("java.sql.SQLException"));
    private static final MethodHandle GET_CONNECTION = virtual("java.sql.Statement", "getConnection",
            type("java.sql.Connection"));
    private static final Class<?> CONNECTION = type("java.sql.Connection");
    private static final MethodHandle UNWRAP = virtual("java.sql.Wrapper", "unwrap", Object.class, Class.class);
    private static final MethodHandle GET_AUTO_COMMIT = virtual("java.sql.Connection", "getAutoCommit", boolean.class);
    private static final MethodHandle GET_META_DATA = virtual("java.sql.Connection", "getMetaData",
            type("java.sql.DatabaseMetaData"));
    private static final MethodHandle GET_URL = virtual("java.sql.DatabaseMetaData", "getURL", String.class);
    private static final MethodHandle ACCEPTS_URL = virtual("java.sql.Driver", "acceptsURL", boolean.class,
            String.class);
    private static final MethodHandle GET_QUERY_TIMEOUT = virtual("java.sql.Statement", "getQueryTimeout", int.class);
    private static final MethodHandle SET_QUERY_TIMEOUT = virtual("java.sql.Statement", "setQueryTimeout", void.class,
            int.class);
    private static final MethodHandle NEW_TRANSIENT_CONNECTION_EXCEPTION = constructor(
            "java.sql.SQLTransientConnectionException", String.class, String.class, Throwable.class);

    private JavaSql() {
    }

    static boolean isSqlException(Throwable t) {
        return SQL_EXCEPTION.isInstance(t);
    }

    static String sqlState(Throwable sqlException) {
        try {
            return (String) GET_SQL_STATE.invokeExact(sqlException);
        } catch (Throwable e) {
            return null;
        }
    }

    static Throwable nextException(Throwable sqlException) {
        try {
            return (Throwable) GET_NEXT_EXCEPTION.invokeExact(sqlException);
        } catch (Throwable e) {
            return null;
        }
    }

    /** The statement's connection; throws what the driver throws. */
    static Object connectionOf(Object statement) throws Throwable {
        return (Object) GET_CONNECTION.invokeExact(statement);
    }

    /** What a wrapper connection (a pool's proxy) wraps, as {@code unwrap(Connection.class)} says; throws what it throws. */
    static Object unwrapConnection(Object connection) throws Throwable {
        return (Object) UNWRAP.invokeExact(connection, (Class<?>) CONNECTION);
    }

    static boolean autoCommit(Object connection) throws Throwable {
        return (boolean) GET_AUTO_COMMIT.invokeExact(connection);
    }

    static String url(Object connection) throws Throwable {
        Object metaData = (Object) GET_META_DATA.invokeExact(connection);
        return (String) GET_URL.invokeExact(metaData);
    }

    static boolean acceptsUrl(Object driver, String url) throws Throwable {
        return (boolean) ACCEPTS_URL.invokeExact(driver, url);
    }

    static int queryTimeout(Object statement) throws Throwable {
        return (int) GET_QUERY_TIMEOUT.invokeExact(statement);
    }

    static void setQueryTimeout(Object statement, int seconds) throws Throwable {
        SET_QUERY_TIMEOUT.invokeExact(statement, seconds);
    }

    /** A {@code java.sql.SQLTransientConnectionException}: what a JDBC caller may receive from any method. */
    static Throwable transientConnectionException(String message, String sqlState, Throwable cause) {
        try {
            return (Throwable) NEW_TRANSIENT_CONNECTION_EXCEPTION.invokeExact(message, sqlState, cause);
        } catch (Throwable e) {
            throw new IllegalStateException("java.sql.SQLTransientConnectionException cannot be made", e);
        }
    }

    /** Throws a checked exception without naming its type, which this code cannot. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the java.sql module is not in this JVM", e);
        }
    }

    /** A virtual method as a handle taking and returning Object where the type is a java.sql one. */
    private static MethodHandle virtual(String owner, String name, Class<?> returns, Class<?>... parameters) {
        try {
            Class<?> type = type(owner);
            MethodHandle h = MethodHandles.publicLookup().findVirtual(type, name, MethodType.methodType(returns,
                    parameters));
            return h.asType(erased(h.type()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.sql has no " + owner + "#" + name, e);
        }
    }

    private static MethodHandle constructor(String owner, Class<?>... parameters) {
        try {
            MethodHandle h = MethodHandles.publicLookup().findConstructor(type(owner),
                    MethodType.methodType(void.class, parameters));
            return h.asType(MethodType.methodType(Throwable.class, parameters));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.sql has no " + owner + " constructor", e);
        }
    }

    /** java.sql types become Object (or Throwable for exceptions); JDK-base types stay. */
    private static MethodType erased(MethodType t) {
        MethodType erased = t;
        for (int i = 0; i < t.parameterCount(); i++) {
            erased = erased.changeParameterType(i, erase(t.parameterType(i)));
        }
        return erased.changeReturnType(erase(t.returnType()));
    }

    private static Class<?> erase(Class<?> c) {
        if (c.isPrimitive() || c.getName().startsWith("java.lang.")) {
            return c;
        }
        return Throwable.class.isAssignableFrom(c) ? Throwable.class : Object.class;
    }
}
