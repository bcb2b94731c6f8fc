package dev.bulwark.bootstrap.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://alice:s3cret@db1:5432/orders?ssl=true | jdbc:postgresql://db1:5432/orders",
        "jdbc:mysql://db2:3306/shop?user=bob&password=s3cret     | jdbc:mysql://db2:3306/shop",
        "jdbc:h2:mem:test;PASSWORD=s3cret                         | jdbc:h2:mem:test",
        "jdbc:oracle:thin:scott/s3cret@//ora:1521/XE              | jdbc:oracle:thin:@//ora:1521/XE",
    })
    void jdbcUrlsLoseUserinfoAndParameters(String url, String expected) {
        assertEquals(expected, Redaction.url(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://alice:s3cret@api.example.com:8443/v1/orders?token=s3cret#frag | https://api.example.com:8443/v1/orders",
        "http://payments:8080/charge                                           | http://payments:8080/charge",
        "http://alice@host/path                                                | http://host/path",
        "https://u:p@ss/word@host:443/api?q=s3cret                             | https://host:443/api",
        "http://host:80/a;jsessionid=s3cret                                     | http://host:80/a",
        "HTTPS://User:S3cret@Host                                               | HTTPS://Host",
    })
    void httpUrlsKeepSchemeHostPortAndPathOnly(String url, String expected) {
        assertEquals(expected, Redaction.url(url));
    }

    @Test
    void nullStaysNull() {
        assertNull(Redaction.url(null));
        assertNull(Redaction.text(null));
    }

    @Test
    void urlsInsideFreeTextAreRedacted() {
        assertEquals("Connection to jdbc:postgresql://db1:5432/orders refused; also tried https://backup:443/x",
                Redaction.text("Connection to jdbc:postgresql://alice:s3cret@db1:5432/orders?ssl=true refused; "
                        + "also tried https://bob:s3cret@backup:443/x?token=s3cret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FATAL: password=s3cret authentication failed",
        "login failed (user=alice; password = s3cret)",
        "header Authorization: Bearer s3cret was refused",
        "token:s3cret expired",
        "connect failed: api_key=s3cret&x=1",
    })
    void secretValuesInFreeTextAreMasked(String text) {
        String redacted = Redaction.text(text);
        assertFalse(redacted.contains("s3cret"), redacted);
    }

    @Test
    void authorizationSchemeStaysReadable() {
        assertEquals("Authorization: Bearer " + Redaction.MASK + " refused",
                Redaction.text("Authorization: Bearer abc.def refused"));
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String plain = "Connection refused: localhost/127.0.0.1:5432 (SQLState 08001)";
        assertEquals(plain, Redaction.text(plain));
    }

    @Test
    void knownUserAndPasswordAreMaskedWhereADriverQuotedThemAsWords() {
        assertEquals("FATAL: password authentication failed for user \"****\" (tried ****)",
                Redaction.text("FATAL: password authentication failed for user \"app\" (tried pw-1!)", "app", "pw-1!"));
        // Safety before precision: a database named like the user is masked too; "postgresql" is another word.
        assertEquals("cannot connect to jdbc:postgresql://db1:5432/**** as ****",
                Redaction.text("cannot connect to jdbc:postgresql://postgres:pw@db1:5432/postgres?x=1 as postgres",
                        "postgres", null));
        assertEquals("jdbc:postgresql://db1:5432/orders refused happily",
                Redaction.text("jdbc:postgresql://db1:5432/orders refused happily", "app", ""),
                "inside a word ('happily') a user 'app' stays");
    }
}
