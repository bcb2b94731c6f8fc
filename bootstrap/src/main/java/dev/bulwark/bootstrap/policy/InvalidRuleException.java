package dev.bulwark.bootstrap.policy;

/**
 * A rule value that makes no sense, named by the annotation attribute that carries it, so the
 * caller can point at the file, key or annotation the value came from.
 */
public final class InvalidRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String attribute;
    private final transient Object value;
    private final String allowed;

    public InvalidRuleException(String attribute, Object value, String allowed) {
        super(attribute + " = " + value + " is not allowed; allowed: " + allowed);
        this.attribute = attribute;
        this.value = value;
        this.allowed = allowed;
    }

    /** The annotation attribute name, e.g. {@code failureRateThreshold}. */
    public String attribute() {
        return attribute;
    }

    /** The value as given; durations as text such as {@code -5ms}. */
    public Object value() {
        return value;
    }

    /** What would have been accepted. */
    public String allowed() {
        return allowed;
    }
}
