package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertEquals(250_000_000L, Durations.parseNanos("250ms"));
        assertEquals(2_000_000_000L, Durations.parseNanos("2s"));
        assertEquals(90_000_000_000L, Durations.parseNanos("1.5m"));
        assertEquals(3_600_000_000_000L, Durations.parseNanos("1h"));
        assertEquals(86_400_000_000_000L, Durations.parseNanos("1d"));
        assertEquals(7_000L, Durations.parseNanos("7us"));
        assertEquals(5L, Durations.parseNanos("5ns"));
    }

    @Test
    void zeroNeedsNoUnit() {
        assertEquals(0, Durations.parseNanos("0"));
    }

    @Test
    void negativeValuesAreReturnedSoTheRuleCanRefuseThem() {
        assertEquals(-5_000_000L, Durations.parseNanos("-5ms"));
    }

    @Test
    void aNumberWithoutUnitIsRefusedWithWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("500"));
        assertTrue(e.getMessage().contains("'500' has no unit"), e.getMessage());
        assertTrue(e.getMessage().contains("250ms"), e.getMessage());
    }

    @Test
    void textThatIsNoDurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("soon"));
        assertTrue(e.getMessage().startsWith("'soon' is not a duration"), e.getMessage());
    }

    @Test
    void absurdlyLongDurationsAreRefusedInsteadOfOverflowing() {
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("999999999d"));
    }
}
