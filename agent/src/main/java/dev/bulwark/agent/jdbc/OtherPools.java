package dev.bulwark.agent.jdbc;

import java.util.List;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

/**
 * Whether a caller of {@code DriverManager.getConnection} already pools, so that its connections are
 * never pooled twice: a DataSource of any kind, or a class of a known pool (some open their
 * connections through DriverManager from their own threads, outside any DataSource call).
 */
final class OtherPools {
    static final List<String> KNOWN = List.of("com.zaxxer.hikari.", "org.apache.commons.dbcp.",
            "org.apache.commons.dbcp2.", "org.apache.tomcat.jdbc.", "org.apache.tomcat.dbcp.", "com.mchange.v2.c3p0.",
            "io.agroal.", "oracle.ucp.", "com.jolbox.bonecp.", "org.vibur.dbcp.",
            "org.hibernate.engine.jdbc.connections.", "org.springframework.jdbc.datasource.");

    private static final ClassValue<Boolean> POOLS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return DataSource.class.isAssignableFrom(type) || ConnectionPoolDataSource.class.isAssignableFrom(type)
                    || XADataSource.class.isAssignableFrom(type) || isKnown(type.getName());
        }
    };

    private OtherPools() {
    }

    /** True when connections asked for by {@code caller} must stay as the caller gets them. */
    static boolean pool(Class<?> caller) {
        return caller != null && POOLS.get(caller);
    }

    static boolean isKnown(String className) {
        for (String prefix : KNOWN) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
