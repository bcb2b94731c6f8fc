package dev.bulwark.agent.config;

import dev.bulwark.annotations.SlidingWindowType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** How a configuration value is written, and how it is read into what a rule takes. */
public enum ValueType {
    WHOLE_NUMBER("a whole number"),
    NUMBER("a number"),
    DURATION(Durations.ALLOWED),
    WINDOW_TYPE("COUNT or TIME"),
    CLASS_NAMES("a list of class names, such as [java.io.IOException, java.net.SocketTimeoutException]"),
    BOOLEAN("true or false");

    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    private final String allowed;

    ValueType(String allowed) {
        this.allowed = allowed;
    }

    public String allowed() {
        return allowed;
    }

    /**
     * @param raw a String, a List of Strings (a YAML list), or null (no value)
     * @throws IllegalArgumentException naming what is allowed when {@code raw} is not such a value
     */
    public Object parse(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("no value is given; allowed: " + allowed);
        }
        if (this == CLASS_NAMES) {
            return classNames(raw);
        }
        if (!(raw instanceof String text)) {
            throw new IllegalArgumentException("a list is not allowed here; allowed: " + allowed);
        }
        String t = text.trim();
        if (this == DURATION) {
            return Durations.parseNanos(t); // its messages say what is wrong: no unit, too long, not a duration
        }
        try {
            return switch (this) {
                case WHOLE_NUMBER -> Integer.parseInt(t);
                case NUMBER -> finite(Double.parseDouble(t), t);
                case WINDOW_TYPE -> windowType(t);
                case BOOLEAN -> bool(t);
                default -> throw new IllegalStateException(name());
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not allowed; allowed: " + allowed);
        }
    }

    private static double finite(double d, String text) {
        if (Double.isNaN(d) || Double.isInfinite(d) || text.endsWith("d") || text.endsWith("f")
                || text.endsWith("D") || text.endsWith("F")) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    private static SlidingWindowType windowType(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "COUNT", "COUNT_BASED" -> SlidingWindowType.COUNT;
            case "TIME", "TIME_BASED" -> SlidingWindowType.TIME;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private List<String> classNames(Object raw) {
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                items.add(o == null ? "" : o.toString().trim());
            }
        } else {
            String text = raw.toString().trim();
            if (!text.isEmpty()) {
                for (String part : text.split(",")) {
                    items.add(part.trim());
                }
            }
        }
        for (String item : items) {
            if (!CLASS_NAME.matcher(item).matches()) {
                throw new IllegalArgumentException("'" + item + "' is not a class name; allowed: " + allowed);
            }
        }
        return List.copyOf(items);
    }
}
