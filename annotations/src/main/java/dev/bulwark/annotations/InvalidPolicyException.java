package dev.bulwark.annotations;

/**
 * Thrown by every call of a method whose Bulwark annotation makes no sense (a failure rate of 150,
 * a negative wait). Failing loudly beats running silently unguarded.
 */
public final class InvalidPolicyException extends BulwarkException {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String policyName, String message) {
        super(policyName, message);
    }
}
