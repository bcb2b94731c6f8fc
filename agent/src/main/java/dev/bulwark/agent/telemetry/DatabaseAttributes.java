package dev.bulwark.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Map;

/**
 * The semantic-convention attributes of a database, read from its key (a JDBC URL that
 * {@code DatabaseKey} already stripped of credentials and parameters): {@code db.system.name},
 * {@code server.address}, {@code server.port}, {@code db.namespace}; plus {@code bulwark.database},
 * the key itself, so that two databases never share one series (two H2 in-memory databases have no
 * server to tell them apart).
 */
final class DatabaseAttributes {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> DATABASE = AttributeKey.stringKey("bulwark.database");

    /** JDBC sub-protocols to the well-known values of {@code db.system.name}. */
    private static final Map<String, String> SYSTEMS = Map.ofEntries(Map.entry("postgresql", "postgresql"),
            Map.entry("pgsql", "postgresql"), Map.entry("mysql", "mysql"), Map.entry("mariadb", "mariadb"),
            Map.entry("h2", "h2database"), Map.entry("hsqldb", "hsqldb"), Map.entry("derby", "derby"),
            Map.entry("oracle", "oracle.db"), Map.entry("sqlserver", "microsoft.sql_server"),
            Map.entry("jtds", "microsoft.sql_server"), Map.entry("db2", "ibm.db2"), Map.entry("sqlite", "sqlite"),
            Map.entry("clickhouse", "clickhouse"), Map.entry("trino", "trino"));

    private DatabaseAttributes() {
    }

    static Attributes of(String key) {
        AttributesBuilder b = Attributes.builder().put(DATABASE, key);
        if (!key.startsWith("jdbc:")) {
            return b.put(SYSTEM, "other_sql").build();
        }
        int subEnd = key.indexOf(':', 5);
        String sub = subEnd < 0 ? key.substring(5) : key.substring(5, subEnd);
        b.put(SYSTEM, SYSTEMS.getOrDefault(sub, "other_sql"));
        int authority = key.indexOf("://");
        if (authority < 0) {
            return b.build();
        }
        int hostStart = authority + 3;
        int pathStart = key.indexOf('/', hostStart);
        String hosts = pathStart < 0 ? key.substring(hostStart) : key.substring(hostStart, pathStart);
        if (!hosts.isEmpty() && hosts.indexOf(',') < 0) {
            int colon = hosts.lastIndexOf(':');
            boolean ipv6 = hosts.startsWith("[");
            if (colon > 0 && (!ipv6 || colon > hosts.indexOf(']'))) {
                b.put(SERVER_ADDRESS, hosts.substring(0, colon));
                try {
                    b.put(SERVER_PORT, Long.parseLong(hosts.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    // not a port: leave it out
                }
            } else {
                b.put(SERVER_ADDRESS, hosts);
            }
        }
        if (pathStart > 0 && pathStart + 1 < key.length()) {
            b.put(NAMESPACE, key.substring(pathStart + 1));
        }
        return b.build();
    }
}
