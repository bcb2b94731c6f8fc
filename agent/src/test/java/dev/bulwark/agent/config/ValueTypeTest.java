package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulwark.annotations.SlidingWindowType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How each kind of value is read, and the message for each value that is not of its kind. */
class ValueTypeTest {
    private static final String DURATIONS = "a duration such as 250ms, 2s, 1m or 0 (units: ns, us, ms, s, m, h, d)";
    private static final String CLASS_NAMES =
            "a list of class names, such as [java.io.IOException, java.net.SocketTimeoutException]";

    private static String refused(ValueType type, Object raw) {
        return assertThrows(IllegalArgumentException.class, () -> type.parse(raw)).getMessage();
    }

    @Test
    void readsEachKindOfValue() {
        assertEquals(42, ValueType.WHOLE_NUMBER.parse(" 42 "));
        assertEquals(-3, ValueType.WHOLE_NUMBER.parse("-3"));
        assertEquals(12.5, ValueType.NUMBER.parse("12.5"));
        assertEquals(1500_000_000L, ValueType.DURATION.parse("1.5s"));
        assertEquals(SlidingWindowType.TIME, ValueType.WINDOW_TYPE.parse("time"));
        assertEquals(SlidingWindowType.COUNT, ValueType.WINDOW_TYPE.parse("COUNT_BASED"));
        assertEquals(Boolean.FALSE, ValueType.BOOLEAN.parse("false"));
        assertEquals(List.of("java.io.IOException", "com.acme.Outer$Failure"),
                ValueType.CLASS_NAMES.parse(List.of("java.io.IOException", " com.acme.Outer$Failure")));
        assertEquals(List.of("java.io.IOException", "java.net.SocketException"),
                ValueType.CLASS_NAMES.parse("java.io.IOException, java.net.SocketException"));
        assertEquals(List.of(), ValueType.CLASS_NAMES.parse(""));
    }

    @Test
    void noValueIsRefusedForEveryKind() {
        assertEquals("no value is given; allowed: a whole number", refused(ValueType.WHOLE_NUMBER, null));
        assertEquals("no value is given; allowed: " + DURATIONS, refused(ValueType.DURATION, null));
        assertEquals("no value is given; allowed: " + CLASS_NAMES, refused(ValueType.CLASS_NAMES, null));
    }

    @Test
    void aListIsRefusedWhereOneValueBelongs() {
        assertEquals("a list is not allowed here; allowed: a number", refused(ValueType.NUMBER, List.of("1", "2")));
        assertEquals("a list is not allowed here; allowed: true or false", refused(ValueType.BOOLEAN, List.of("true")));
    }

    @Test
    void aWholeNumberIsNeitherAFractionNorTooLarge() {
        assertEquals("'2.5' is not allowed; allowed: a whole number", refused(ValueType.WHOLE_NUMBER, "2.5"));
        assertEquals("'99999999999' is not allowed; allowed: a whole number",
                refused(ValueType.WHOLE_NUMBER, "99999999999"));
        assertEquals("'three' is not allowed; allowed: a whole number", refused(ValueType.WHOLE_NUMBER, "three"));
    }

    @Test
    void aNumberIsFiniteAndWrittenWithoutJavaSuffixes() {
        assertEquals("'fifty' is not allowed; allowed: a number", refused(ValueType.NUMBER, "fifty"));
        assertEquals("'NaN' is not allowed; allowed: a number", refused(ValueType.NUMBER, "NaN"));
        assertEquals("'Infinity' is not allowed; allowed: a number", refused(ValueType.NUMBER, "Infinity"));
        assertEquals("'1e400' is not allowed; allowed: a number", refused(ValueType.NUMBER, "1e400"));
        assertEquals("'50d' is not allowed; allowed: a number", refused(ValueType.NUMBER, "50d"));
        assertEquals("'0.5f' is not allowed; allowed: a number", refused(ValueType.NUMBER, "0.5f"));
    }

    @Test
    void aDurationSaysWhatIsWrongWithIt() {
        assertEquals("'500' has no unit; write it as " + DURATIONS, refused(ValueType.DURATION, "500"));
        assertEquals("'soon' is not " + DURATIONS, refused(ValueType.DURATION, "soon"));
        assertEquals("'2sec' is not " + DURATIONS, refused(ValueType.DURATION, "2sec"));
        assertEquals("'999999999d' is too long; at most 26687d (about 73 years)",
                refused(ValueType.DURATION, "999999999d"));
    }

    @Test
    void theLongestDurationAllowedIsTheOneTheMessageNames() {
        assertEquals(26687L * 86_400_000_000_000L, ValueType.DURATION.parse("26687d"));
        assertEquals("'26688d' is too long; at most 26687d (about 73 years)", refused(ValueType.DURATION, "26688d"));
    }

    @Test
    void aWindowTypeIsCountOrTime() {
        assertEquals("'SLIDING' is not allowed; allowed: COUNT or TIME", refused(ValueType.WINDOW_TYPE, "SLIDING"));
    }

    @Test
    void aSwitchIsTrueOrFalseInLowerCase() {
        assertEquals("'yes' is not allowed; allowed: true or false", refused(ValueType.BOOLEAN, "yes"));
        assertEquals("'TRUE' is not allowed; allowed: true or false", refused(ValueType.BOOLEAN, "TRUE"));
    }

    @Test
    void eachClassNameIsAJavaName() {
        assertEquals("'java.io.IOException java.net.SocketException' is not a class name; allowed: " + CLASS_NAMES,
                refused(ValueType.CLASS_NAMES, "java.io.IOException java.net.SocketException"));
        assertEquals("'' is not a class name; allowed: " + CLASS_NAMES,
                refused(ValueType.CLASS_NAMES, List.of("java.io.IOException", "")));
        assertEquals("'9lives.Error' is not a class name; allowed: " + CLASS_NAMES,
                refused(ValueType.CLASS_NAMES, "9lives.Error"));
        assertEquals("'java.io.' is not a class name; allowed: " + CLASS_NAMES,
                refused(ValueType.CLASS_NAMES, "java.io."));
    }
}
