package dev.bulwark.bootstrap.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulwark.bootstrap.policy.InvalidRuleException;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void minIdleAboveMaxSizeIsRefusedWithWhatIsAllowed() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class,
                () -> new PoolSettings(11, 10, S, 0, 0, 0, 0, S, 0));
        assertEquals("min-idle = 11 is not allowed; allowed: 0 to max-size (10)", e.getMessage());
    }

    @Test
    void aValidationTimeoutBelowOneSecondIsRefused() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class,
                () -> new PoolSettings(0, 10, S, 0, 0, 0, 0, S / 2, 0));
        assertEquals("validation-timeout", e.attribute());
    }

    @Test
    void defaultsAreHikariCpsAndValidationTimeoutIsWholeSeconds() {
        assertEquals(10, PoolSettings.DEFAULTS.maxSize());
        assertEquals(30 * S, PoolSettings.DEFAULTS.acquireTimeoutNanos());
        assertEquals(5, PoolSettings.DEFAULTS.validationTimeoutSeconds());
    }
}
