package dev.bulwark.agent.jdbc;

import dev.bulwark.bootstrap.jdbc.KnownPools;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

/**
 * Whether a caller of {@code DriverManager.getConnection} already pools, so that its connections are
 * never pooled twice: a DataSource of any kind, or a class of a known pool (some open their
 * connections through DriverManager from their own threads, outside any DataSource call).
 */
final class OtherPools {
    private static final ClassValue<Boolean> POOLS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return DataSource.class.isAssignableFrom(type) || ConnectionPoolDataSource.class.isAssignableFrom(type)
                    || XADataSource.class.isAssignableFrom(type) || KnownPools.isPoolClass(type.getName());
        }
    };

    private OtherPools() {
    }

    /** True when connections asked for by {@code caller} must stay as the caller gets them. */
    static boolean pool(Class<?> caller) {
        return caller != null && POOLS.get(caller);
    }
}
