package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseKeyTest {
    private static final String PASSWORD = "s3cr3tPw";

    @Test
    void postgresqlLosesUserinfoAndParameters() {
        assertEquals("jdbc:postgresql://db1:5432/orders",
                DatabaseKey.of("jdbc:postgresql://user:secret@db1:5432/orders?ssl=true&password=x"));
    }

    @Test
    void h2InMemoryLosesSemicolonSettings() {
        assertEquals("jdbc:h2:mem:test", DatabaseKey.of("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"));
    }

    @Test
    void mariadbLosesUserAndPasswordParameters() {
        assertEquals("jdbc:mariadb://localhost:3306/test",
                DatabaseKey.of("jdbc:mariadb://localhost:3306/test?user=root&password=p"));
    }

    @Test
    void oracleThinLosesUserSlashPassword() {
        assertEquals("jdbc:oracle:thin:@//host:1521/svc", DatabaseKey.of("jdbc:oracle:thin:scott/tiger@//host:1521/svc"));
    }

    @Test
    void oracleThinSidFormLosesUserSlashPassword() {
        assertEquals("jdbc:oracle:thin:@host:1521:ORCL", DatabaseKey.of("jdbc:oracle:thin:scott/tiger@host:1521:ORCL"));
    }

    @Test
    void oracleThinWithoutCredentialsIsKept() {
        assertEquals("jdbc:oracle:thin:@//host:1521/svc", DatabaseKey.of("jdbc:oracle:thin:@//host:1521/svc"));
    }

    @Test
    void oraclePasswordWithAtSignIsDropped() {
        assertEquals("jdbc:oracle:thin:@//host:1521/svc", DatabaseKey.of("jdbc:oracle:thin:scott/ti@ger@//host:1521/svc"));
    }

    @Test
    void sqlServerLosesSemicolonProperties() {
        assertEquals("jdbc:sqlserver://host:1433", DatabaseKey.of("jdbc:sqlserver://host:1433;databaseName=x;password=p"));
    }

    @Test
    void sqlServerAzureUserWithAtSignIsNotUserinfo() {
        assertEquals("jdbc:sqlserver://srv.database.windows.net:1433",
                DatabaseKey.of("jdbc:sqlserver://srv.database.windows.net:1433;user=alice@srv;password=p"));
    }

    @Test
    void mysqlBracketedIpv6HostLosesUserinfo() {
        assertEquals("jdbc:mysql://[::1]:3306/db", DatabaseKey.of("jdbc:mysql://u:p@[::1]:3306/db"));
    }

    @Test
    void multiHostListIsKept() {
        assertEquals("jdbc:postgresql://h1:5432,h2:5432/db", DatabaseKey.of("jdbc:postgresql://h1:5432,h2:5432/db?x"));
    }

    @Test
    void h2TcpLosesSemicolonUser() {
        assertEquals("jdbc:h2:tcp://localhost/~/test", DatabaseKey.of("jdbc:h2:tcp://localhost/~/test;USER=sa"));
    }

    @Test
    void h2FileLosesSemicolonPassword() {
        assertEquals("jdbc:h2:file:/tmp/x", DatabaseKey.of("jdbc:h2:file:/tmp/x;PASSWORD=p"));
    }

    @Test
    void postgresqlWithoutHostIsKept() {
        assertEquals("jdbc:postgresql:///db", DatabaseKey.of("jdbc:postgresql:///db"));
    }

    @Test
    void postgresqlLosesUserAndPasswordParameters() {
        assertEquals("jdbc:postgresql://localhost/test",
                DatabaseKey.of("jdbc:postgresql://localhost/test?user=alice&password=secret"));
    }

    @Test
    void hostColonPortWithoutAtSignIsNotUserinfo() {
        assertEquals("jdbc:postgresql://user:5432/db", DatabaseKey.of("jdbc:postgresql://user:5432/db"));
    }

    @Test
    void emailUserNameInParametersIsNotUserinfo() {
        assertEquals("jdbc:postgresql://srv:5432/db",
                DatabaseKey.of("jdbc:postgresql://srv:5432/db?password=x&user=alice@srv"));
    }

    @Test
    void passwordWithAtSignIsDropped() {
        assertEquals("jdbc:mysql://db1:3306/shop", DatabaseKey.of("jdbc:mysql://app:p@ss@db1:3306/shop"));
    }

    @Test
    void passwordWithSlashIsDropped() {
        assertEquals("jdbc:mysql://db1:3306/shop", DatabaseKey.of("jdbc:mysql://app:pa/ss@db1:3306/shop"));
    }

    @Test
    void passwordWithAtSignAndSlashIsDropped() {
        assertEquals("jdbc:postgresql://db1/orders", DatabaseKey.of("jdbc:postgresql://app:p@s/s@db1/orders?ssl=true"));
    }

    @Test
    void passwordWithQuestionMarkIsDropped() {
        assertEquals("jdbc:mysql://db1/shop", DatabaseKey.of("jdbc:mysql://app:pa?ss@db1/shop"));
    }

    @Test
    void userWithoutPasswordIsDropped() {
        assertEquals("jdbc:mysql://db1/shop", DatabaseKey.of("jdbc:mysql://root@db1/shop"));
    }

    @Test
    void mysqlAddressFormKeepsOnlyHostAndPort() {
        assertEquals("jdbc:mysql://h1:3306/db",
                DatabaseKey.of("jdbc:mysql://address=(host=h1)(port=3306)(user=u)(password=p)/db"));
    }

    @Test
    void mysqlKeyValueFormKeepsOnlyHostsAndPorts() {
        assertEquals("jdbc:mysql://h1:3306,h2:3307/db",
                DatabaseKey.of("jdbc:mysql://(host=h1,port=3306,user=u,password=p),(host=h2,port=3307)/db"));
    }

    @Test
    void db2PathPropertiesAreDropped() {
        assertEquals("jdbc:db2://host:50000/sample", DatabaseKey.of("jdbc:db2://host:50000/sample:user=u;password=p;"));
    }

    @Test
    void derbyLosesSemicolonProperties() {
        assertEquals("jdbc:derby:memory:db", DatabaseKey.of("jdbc:derby:memory:db;user=u;password=p"));
    }

    @Test
    void loadBalanceSubprotocolIsKept() {
        assertEquals("jdbc:mysql:loadbalance://h1,h2/db", DatabaseKey.of("jdbc:mysql:loadbalance://h1,h2/db?user=u"));
    }

    @Test
    void nullIsUnknown() {
        assertEquals("jdbc:unknown", DatabaseKey.of(null));
    }

    @Test
    void nonJdbcUrlIsUnknown() {
        assertEquals("jdbc:unknown", DatabaseKey.of("postgresql://user:secret@db1/orders"));
    }

    @Test
    void bareJdbcPrefixIsUnknown() {
        assertEquals("jdbc:unknown", DatabaseKey.of("jdbc:"));
    }

    @Test
    void unreadableHostIsUnknownRatherThanGuessed() {
        assertEquals("jdbc:unknown", DatabaseKey.of("jdbc:postgresql://app:pa/ss?x=1@db1/orders"));
    }

    @Test
    void redactIsTheKey() {
        String url = "jdbc:postgresql://user:secret@db1:5432/orders?password=x";
        assertEquals(DatabaseKey.of(url), DatabaseKey.redact(url));
    }

    @Test
    void aRepeatedUrlIsServedFromTheCache() {
        String url = "jdbc:postgresql://cached-host:5432/orders?user=u";
        assertSame(DatabaseKey.of(url), DatabaseKey.of(new String(url)));
    }

    @Test
    void theCacheStaysBounded() {
        for (int i = 0; i < 5_000; i++) {
            DatabaseKey.of("jdbc:postgresql://host" + i + ":5432/db");
        }
        assertTrue(DatabaseKey.cacheSize() <= 1024, () -> "cache holds " + DatabaseKey.cacheSize());
    }

    @Test
    void noKeyEverHoldsThePasswordTheUserinfoOrAParameter() {
        List<String> urls = List.of(
                "jdbc:postgresql://alice:" + PASSWORD + "@db1:5432/orders?ssl=true",
                "jdbc:postgresql://db1:5432/orders?user=alice&password=" + PASSWORD,
                "jdbc:postgresql://db1/orders?password=" + PASSWORD + "&user=alice@corp",
                "jdbc:mysql://alice:" + PASSWORD + "@[::1]:3306/db",
                "jdbc:mysql://alice:p@" + PASSWORD + "@db1/db",
                "jdbc:mysql://alice:p/" + PASSWORD + "@db1/db",
                "jdbc:mysql://alice:p@/" + PASSWORD + "@db1/db",
                "jdbc:mysql://alice:p?" + PASSWORD + "@db1/db",
                "jdbc:mysql://alice:p;" + PASSWORD + "@db1/db",
                "jdbc:mysql://alice:" + PASSWORD + "@db1",
                "jdbc:mysql://address=(host=db1)(port=3306)(user=alice)(password=" + PASSWORD + ")/db",
                "jdbc:mysql://(host=db1,port=3306,user=alice,password=" + PASSWORD + ")/db",
                "jdbc:mariadb://localhost:3306/test?user=alice&password=" + PASSWORD,
                "jdbc:oracle:thin:alice/" + PASSWORD + "@//host:1521/svc",
                "jdbc:oracle:thin:alice/" + PASSWORD + "@host:1521:ORCL",
                "jdbc:oracle:thin:alice/p@" + PASSWORD + "@//host:1521/svc",
                "jdbc:oracle:oci:alice/" + PASSWORD,
                "jdbc:sqlserver://host:1433;databaseName=x;user=alice;password=" + PASSWORD,
                "jdbc:sqlserver://host:1433;user=alice@host;password=" + PASSWORD,
                "jdbc:h2:tcp://localhost/~/test;USER=alice;PASSWORD=" + PASSWORD,
                "jdbc:h2:file:/tmp/x;PASSWORD=" + PASSWORD,
                "jdbc:h2:mem:x;PASSWORD=" + PASSWORD,
                "jdbc:db2://host:50000/sample:user=alice;password=" + PASSWORD + ";",
                "jdbc:derby:db;user=alice;password=" + PASSWORD,
                "jdbc:somedb:alice:" + PASSWORD + "@host/db",
                "jdbc:postgresql://alice:" + PASSWORD + "@not a host/db");
        for (String url : urls) {
            String key = DatabaseKey.of(url);
            assertFalse(key.contains(PASSWORD), () -> url + " -> " + key);
            assertFalse(key.contains("alice"), () -> url + " -> " + key);
            assertFalse(key.contains("?") || key.contains(";"), () -> url + " -> " + key);
        }
    }
}
