package dev.bulwark.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simple query with the OpenTelemetry Java agent attached instead of Bulwark's (its JDBC
 * instrumentation makes a span per executeQuery). Its exporters are set to none, as in startup.sh:
 * spans are still made and sampled (the default sampler keeps them all), just not sent anywhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", Settings.OPENTELEMETRY_AGENT, Settings.OTEL_TRACES,
        Settings.OTEL_METRICS, Settings.OTEL_LOGS})
public class OpenTelemetryJdbc {
    @Setup
    public void setUp() throws SQLException {
        AgentCheck.requireNoAgent();
        Jdbc.requireOpenTelemetryAgent();
    }

    @Benchmark
    public int query(HeldQuery held) throws SQLException {
        return Jdbc.selectOne(held.statement);
    }
}
