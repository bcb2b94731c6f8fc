package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = ZonedDateTime.parse("2026-01-01T00:00:00Z").toInstant().toEpochMilli();

    @Test
    void secondsAreRead() {
        assertEquals(3_000_000_000L, RetryAfter.nanos("3", NOW));
        assertEquals(3_000_000_000L, RetryAfter.nanos(" 3 ", NOW));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertEquals(90_000_000_000L, RetryAfter.nanos("Thu, 01 Jan 2026 00:01:30 GMT", NOW));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertEquals(0, RetryAfter.nanos("Wed, 31 Dec 2025 23:59:00 GMT", NOW));
    }

    @Test
    void anAbsentOrMalformedHeaderMeansNoWait() {
        assertEquals(0, RetryAfter.nanos(null, NOW));
        assertEquals(0, RetryAfter.nanos("", NOW));
        assertEquals(0, RetryAfter.nanos("soon", NOW));
        assertEquals(0, RetryAfter.nanos("-5", NOW));
        assertEquals(0, RetryAfter.nanos("1.5", NOW));
        assertEquals(0, RetryAfter.nanos("99999999999999999999", NOW));
    }
}
