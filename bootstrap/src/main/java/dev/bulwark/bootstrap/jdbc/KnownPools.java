package dev.bulwark.bootstrap.jdbc;

import java.util.List;

/**
 * The connection pools applications use. Their connections are never pooled a second time, and a
 * pool's own {@code getConnection} is never retried: it already waits (its own acquire timeout) and
 * opens connections again by itself, so a retry would only multiply the wait.
 */
public final class KnownPools {
    /** Package prefixes of the pools' classes. */
    public static final List<String> PACKAGES = List.of("com.zaxxer.hikari.", "org.apache.commons.dbcp.",
            "org.apache.commons.dbcp2.", "org.apache.tomcat.jdbc.", "org.apache.tomcat.dbcp.", "com.mchange.v2.c3p0.",
            "io.agroal.", "oracle.ucp.", "com.jolbox.bonecp.", "org.vibur.dbcp.",
            "org.hibernate.engine.jdbc.connections.", "org.springframework.jdbc.datasource.");

    private KnownPools() {
    }

    public static boolean isPoolClass(String className) {
        for (String prefix : PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
