package dev.bulwark.bootstrap.policy;

/** The recent outcomes a closed breaker judges by. Recording takes no lock and allocates nothing. */
interface SlidingWindow {

    /** Adds one outcome; true when the window now crosses a threshold of its rules. */
    boolean record(boolean failure, boolean slow);

    /** Applies new thresholds to the outcomes already held: a reload keeps the window. */
    void retune(int minimumCalls, float failureThreshold, float slowThreshold);

    int bufferedCalls();

    /** Percent, or -1 below the minimum number of calls. */
    float failureRate();

    /** Percent, or -1 below the minimum number of calls. */
    float slowCallRate();
}
