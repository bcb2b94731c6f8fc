package dev.bulwark.annotations;

/**
 * Base of every exception Bulwark throws into an annotated method's caller. Each one names the
 * policy that acted, so a handler can tell which protection refused the call.
 */
public abstract class BulwarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String policyName;

    protected BulwarkException(String policyName, String message) {
        super(message);
        this.policyName = policyName;
    }

    /** The name of the policy that refused the call (the annotation's name, or the method). */
    public String policyName() {
        return policyName;
    }
}
