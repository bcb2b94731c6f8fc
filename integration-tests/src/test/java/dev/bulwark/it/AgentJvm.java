package dev.bulwark.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Starts a separate JVM, with the real built agent jar attached or not, and collects what it printed. */
final class AgentJvm {
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private AgentJvm() {
    }

    /** The JDKs to test on: the one running the build, and Temurin 25 where it is installed. */
    static List<Path> jdks() {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
        if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
            homes.add(TEMURIN_25);
        }
        return new ArrayList<>(homes);
    }

    static Path agentJar() {
        Path jar = Path.of(required("bulwark.agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not built: " + jar);
        }
        return jar;
    }

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code mainClass} of the test application with the agent attached (agentArgs may be null). */
    static Result run(Path javaHome, List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        return start(javaHome, true, null, jvmOptions, mainClass, args).waitFor();
    }

    static Running start(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions, String mainClass,
            String... args) throws IOException {
        return start(javaHome, withAgent, agentArgs, jvmOptions, true, mainClass, args);
    }

    /**
     * As above; {@code libraries} false leaves the third-party libraries of the test applications
     * (HTTP clients, JDBC drivers, foreign annotations) off the class path, as in an application that
     * has none of them.
     */
    static Running start(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions,
            boolean libraries, String mainClass, String... args) throws IOException {
        return launch(javaHome, withAgent, agentArgs, jvmOptions, libraries, "", mainClass, args);
    }

    /** As {@link #start}, with {@code moreClasspath} appended to the application's class path. */
    static Running startWithClasspath(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions,
            String moreClasspath, String mainClass, String... args) throws IOException {
        return launch(javaHome, withAgent, agentArgs, jvmOptions, true, moreClasspath, mainClass, args);
    }

    /**
     * As {@link #start} with the agent attached, and {@code environment} added to the JVM's environment,
     * for settings read from environment variables ({@code OTEL_*}, {@code BULWARK_*}). Every {@code OTEL_*}
     * variable the build itself runs with is left out, so only the test's settings count.
     */
    static Running startWithEnvironment(Path javaHome, Map<String, String> environment, String agentArgs,
            List<String> jvmOptions, String mainClass, String... args) throws IOException {
        return new Running(command(javaHome, true, agentArgs, jvmOptions, true, "", mainClass, args), environment);
    }

    private static Running launch(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions,
            boolean libraries, String moreClasspath, String mainClass, String... args) throws IOException {
        return launch(javaHome, withAgent, agentArgs, jvmOptions, libraries, moreClasspath, null, mainClass, args);
    }

    /** {@code environment}: null to inherit the build's; else see {@link Running#Running(List, Map)}. */
    private static Running launch(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions,
            boolean libraries, String moreClasspath, Map<String, String> environment, String mainClass,
            String... args) throws IOException {
        return new Running(command(javaHome, withAgent, agentArgs, jvmOptions, libraries, moreClasspath, mainClass,
                args), environment);
    }

    private static List<String> command(Path javaHome, boolean withAgent, String agentArgs, List<String> jvmOptions,
            boolean libraries, String moreClasspath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        if (withAgent) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        String extra = libraries ? System.getProperty("bulwark.app.extra.classpath", "") : "";
        command.add(required("bulwark.app.classes") + File.pathSeparator + required("bulwark.annotations.jar")
                + (extra.isBlank() ? "" : File.pathSeparator + extra)
                + (moreClasspath.isBlank() ? "" : File.pathSeparator + moreClasspath));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Writes {@code yaml} to DIR/bulwark.yaml, runs {@code mainClass} with the agent reading it, and
     * checks that the JVM ended well with the agent attached (the application prints attached=...).
     */
    static Result runConfigured(Path javaHome, Path dir, String yaml, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runConfigured(javaHome, dir, yaml, true, mainClass, args);
    }

    /** As above; {@code libraries}: whether the application class path holds Apache HttpClient and OkHttp. */
    static Result runConfigured(Path javaHome, Path dir, String yaml, boolean libraries, String mainClass,
            String... args) throws IOException, InterruptedException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        Result r = start(javaHome, true, "config=" + file, List.of(), libraries, mainClass, args).waitFor();
        Assertions.assertEquals(0, r.exitCode(), r::toString);
        Assertions.assertTrue(r.outLines().contains("attached=true"), r::toString);
        return r;
    }

    /** As {@link #runConfigured(Path, Path, String, String, String...)}, with these variables added to the JVM's environment. */
    static Result runConfigured(Path javaHome, Path dir, String yaml, Map<String, String> environment,
            String mainClass, String... args) throws IOException, InterruptedException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, yaml);
        Result r = launch(javaHome, true, "config=" + file, List.of(), true, "", environment, mainClass, args)
                .waitFor();
        Assertions.assertEquals(0, r.exitCode(), r::toString);
        Assertions.assertTrue(r.outLines().contains("attached=true"), r::toString);
        return r;
    }

    /** Runs {@code java -jar bulwark-agent.jar ARGS}. */
    static Result cli(Path javaHome, String... args) throws IOException, InterruptedException {
        return cli(javaHome, Map.of(), args);
    }

    /** As {@link #cli(Path, String...)}, with these variables added to the JVM's environment. */
    static Result cli(Path javaHome, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-jar",
                agentJar().toString()));
        command.addAll(List.of(args));
        return new Running(command, environment).waitFor();
    }

    /** A JVM being watched: its stdout is read as it comes, so a test can act between lines. */
    static final class Running {
        private final List<String> command;
        private final Process process;
        private final Path err;
        private final StringBuilder out = new StringBuilder();
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        Running(List<String> command) throws IOException {
            this(command, null);
        }

        /** {@code environment}: null to inherit the build's; else added to it, without the build's OTEL_* variables. */
        Running(List<String> command, Map<String, String> environment) throws IOException {
            this.command = command;
            this.err = Files.createTempFile("bulwark-it", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (environment != null) {
                builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
                builder.environment().putAll(environment);
            }
            this.process = builder.start();
            this.reader = new Thread(this::read, "it-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<stdout failed: " + e + ">");
            }
        }

        /** What the JVM has written to stderr so far (it goes to a file, read as it grows). */
        String errSoFar() throws IOException {
            return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
        }

        long pid() {
            return process.pid();
        }

        /** Kills the JVM at once (SIGKILL): no shutdown hook, no finally block runs. Returns what it printed. */
        Result kill() throws InterruptedException, IOException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return waitFor();
        }

        /** Waits for the first line from now on that starts with {@code prefix}; fails with all output if none comes. */
        String awaitLine(String prefix) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty() && !reader.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "'\n" + waitFor());
        }

        Result waitFor() throws InterruptedException, IOException {
            try {
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the JVM did not finish within " + LIMIT.toSeconds() + "s: " + command
                            + "\n--- stdout so far\n" + out);
                }
                reader.join(10_000);
                String stdout;
                synchronized (out) {
                    stdout = out.toString();
                }
                return new Result(process.exitValue(), stdout, Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run through Maven (mvn verify)");
        }
        return value;
    }
}
