package dev.bulwark.bootstrap.policy;

import java.util.List;

/** Checks shared by the Rules records, so every message reads the same way. */
final class RuleValues {
    private RuleValues() {
    }

    /** Formats nanos the way users write durations: {@code 500ms}, {@code 2s}, {@code -5ms}, {@code 1500us}. */
    static String duration(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    static void positiveDuration(String attribute, long nanos) {
        if (nanos <= 0) {
            throw new InvalidRuleException(attribute, duration(nanos), "a duration above 0");
        }
    }

    static void nonNegativeDuration(String attribute, long nanos, String allowed) {
        if (nanos < 0) {
            throw new InvalidRuleException(attribute, duration(nanos), allowed);
        }
    }

    static void atLeast(String attribute, long value, long min) {
        if (value < min) {
            throw new InvalidRuleException(attribute, value, "an integer of at least " + min);
        }
    }

    static void percentage(String attribute, float value) {
        // Written so that NaN fails too.
        if (!(value > 0 && value <= 100)) {
            throw new InvalidRuleException(attribute, value, "a percentage above 0 and at most 100");
        }
    }

    static List<String> classNames(String attribute, List<String> names) {
        String allowed = "a list of exception class names, possibly empty";
        if (names == null) {
            throw new InvalidRuleException(attribute, null, allowed);
        }
        // A loop, not contains(null): immutable lists throw on contains(null).
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidRuleException(attribute, names, allowed);
            }
        }
        return List.copyOf(names);
    }
}
