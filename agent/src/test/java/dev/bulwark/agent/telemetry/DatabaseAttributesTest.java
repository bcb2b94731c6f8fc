package dev.bulwark.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

class DatabaseAttributesTest {
    @Test
    void anInMemoryH2DatabaseHasASystemAndItsKeyButNoServer() {
        Attributes a = DatabaseAttributes.of("jdbc:h2:mem:orders");
        assertEquals("h2database", a.get(DatabaseAttributes.SYSTEM));
        assertEquals("jdbc:h2:mem:orders", a.get(DatabaseAttributes.DATABASE));
        assertNull(a.get(DatabaseAttributes.SERVER_ADDRESS));
    }

    @Test
    void aServerWithoutPortHasItsAddressOnly() {
        Attributes a = DatabaseAttributes.of("jdbc:mariadb://db2/shop");
        assertEquals("mariadb", a.get(DatabaseAttributes.SYSTEM));
        assertEquals("db2", a.get(DatabaseAttributes.SERVER_ADDRESS));
        assertNull(a.get(DatabaseAttributes.SERVER_PORT));
        assertEquals("shop", a.get(DatabaseAttributes.NAMESPACE));
    }

    @Test
    void anUnknownDriverIsOtherSql() {
        assertEquals("other_sql", DatabaseAttributes.of("jdbc:acme://x:1/y").get(DatabaseAttributes.SYSTEM));
    }
}
