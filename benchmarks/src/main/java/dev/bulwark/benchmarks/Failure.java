package dev.bulwark.benchmarks;

/**
 * The one exception every failing target throws: allocated once, without a stack trace or
 * suppression, so a failure benchmark measures the policies' bookkeeping and not
 * {@code fillInStackTrace}.
 */
public final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final Failure INSTANCE = new Failure();

    private Failure() {
        super("benchmark failure", null, false, false);
    }
}
