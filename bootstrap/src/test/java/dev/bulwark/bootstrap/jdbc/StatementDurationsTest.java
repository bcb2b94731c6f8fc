package dev.bulwark.bootstrap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StatementDurationsTest {
    @Test
    void aFailureCountsUnderItsSqlStateOrElseItsClass() {
        StatementDurations d = new StatementDurations();
        d.record(1, null);
        d.record(2, new SQLException("serialization failure", "40001"));
        d.record(3, new SQLException("no state"));
        d.record(4, new IllegalStateException("driver bug"));

        assertEquals(1, d.succeeded().count());
        assertEquals(1, d.failed().get("40001").count());
        assertEquals(1, d.failed().get("java.sql.SQLException").count());
        assertEquals(1, d.failed().get("java.lang.IllegalStateException").count());
        assertEquals(4, d.count());
    }

    @Test
    void errorTypesBeyondTheLimitCountAsOther() {
        StatementDurations d = new StatementDurations();
        for (int i = 0; i < StatementDurations.MAX_ERROR_TYPES + 5; i++) {
            d.record(1, new SQLException("state " + i, String.format("X%04d", i)));
        }

        assertEquals(StatementDurations.MAX_ERROR_TYPES + 1, d.failed().size());
        assertEquals(5, d.failed().get(StatementDurations.OTHER).count());
        assertEquals(StatementDurations.MAX_ERROR_TYPES + 5, d.count());
    }

    @Test
    void noFailureMeansNoOtherSeries() {
        StatementDurations d = new StatementDurations();
        d.record(1, null);

        assertTrue(d.failed().isEmpty());
    }
}
