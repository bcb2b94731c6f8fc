package dev.bulwark.benchmarks;

/**
 * The policy settings every library is given, so that each one does the same work. Bulwark's
 * annotations carry them as literals (annotation values must be constants); these are the same
 * numbers.
 */
final class Settings {
    /** Forks of the Bulwark classes attach the agent that run.sh copies here (relative to benchmarks/). */
    static final String AGENT = "-javaagent:target/agent/bulwark-agent.jar";

    /**
     * The OpenTelemetry Java agent for the forks compared with it (OpenTelemetryJdbc): run.sh copies it
     * here (relative to benchmarks/) under a name without its version, fetched as startup.sh does.
     */
    static final String OPENTELEMETRY_AGENT_JAR = "target/otel/opentelemetry-javaagent.jar";
    static final String OPENTELEMETRY_AGENT = "-javaagent:" + OPENTELEMETRY_AGENT_JAR;
    /** The OpenTelemetry agent exports nothing (no collector here); it still makes the spans. */
    static final String OTEL_TRACES = "-Dotel.traces.exporter=none";
    static final String OTEL_METRICS = "-Dotel.metrics.exporter=none";
    static final String OTEL_LOGS = "-Dotel.logs.exporter=none";

    /** Count window and minimum calls of the success-path breakers (Bulwark's and Resilience4j's default). */
    static final int WINDOW = 100;
    static final float FAILURE_RATE = 50;
    static final int BULKHEAD = 25;
    static final int ATTEMPTS = 3;
    /** A million permits per millisecond: the rate limiters never run out, so they never wait. */
    static final int PERMITS = 1_000_000;
    static final long PERIOD_MILLIS = 1;
    /**
     * Failure-path breakers: a 100-second time window whose minimum number of calls is never reached,
     * so the breaker records every failure and stays CLOSED. A count window cannot do this in either
     * Bulwark or Resilience4j: both cap the minimum at the window size, so an always-failing method
     * would open it after 100 calls.
     */
    static final int FAILURE_WINDOW_SECONDS = 100;
    static final int NEVER = Integer.MAX_VALUE;

    private Settings() {
    }
}
