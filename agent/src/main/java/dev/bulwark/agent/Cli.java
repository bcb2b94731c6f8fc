package dev.bulwark.agent;

import dev.bulwark.agent.amqp.DlqReplay;
import dev.bulwark.agent.config.Loader;
import dev.bulwark.agent.config.Origin;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code java -jar bulwark-agent.jar COMMAND}: check a configuration file, or attach the agent to a
 * running JVM. Exit codes: 0 done, 1 the file has errors, 2 the command line is wrong, 3 attaching failed.
 */
public final class Cli {
    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;
    static final int ATTACH_FAILED = 3;
    static final int BROKER_FAILED = 4;

    private static final String HELP = """
            Bulwark %s: circuit breakers, retries and bulkheads for any JVM.

            Attach at start:
              java -javaagent:bulwark-agent.jar[=config=PATH,environment=NAME] -jar your-app.jar

            Commands:
              validate FILE [--environment NAME]
                  Checks a bulwark.yaml without starting anything and prints the resolved
                  configuration, each value with where it came from. System properties given
                  to this java command (-Dbulwark....) and BULWARK_* variables take part, as
                  they would in the application.
              attach PID [config=PATH][,environment=NAME]
                  Loads the agent into the running JVM with that process id. Classes loaded
                  from then on are guarded, and loaded classes with Bulwark annotations are
                  retransformed.
              dlq replay QUEUE [--limit N] [--uri amqp://USER:PASSWORD@HOST:PORT/VHOST]
                  Moves the messages in QUEUE.dlq back to QUEUE (all that are there, or
                  at most N), each removed from QUEUE.dlq only after the broker confirmed
                  its copy in QUEUE; their attempt count starts again. The URI defaults
                  to amqp://guest:guest@localhost:5672 (the default virtual host), or
                  BULWARK_RABBITMQ_URI.
              version
                  Prints the version.
              help, --help
                  Prints this text.

            Exit codes: 0 done; 1 the configuration has errors; 2 the command line is wrong;
            3 attaching failed; 4 the broker could not be reached or refused.
            """;

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(HELP.formatted(Version.current()));
            return args.length == 0 ? USAGE : OK;
        }
        return switch (args[0]) {
            case "version", "--version" -> {
                out.println("Bulwark " + Version.current());
                yield OK;
            }
            case "validate" -> validate(args, out, err);
            case "attach" -> attach(args, out, err);
            case "dlq" -> dlq(args, out, err);
            default -> usage(err, "unknown command '" + args[0] + "'");
        };
    }

    private static int validate(String[] args, PrintStream out, PrintStream err) {
        String file = null;
        String environment = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--environment") && i + 1 < args.length) {
                environment = args[++i];
            } else if (args[i].startsWith("--environment=")) {
                environment = args[i].substring("--environment=".length());
            } else if (file == null && !args[i].startsWith("--")) {
                file = args[i];
            } else {
                return usage(err, "validate takes FILE [--environment NAME]; '" + args[i] + "' is not one of them");
            }
        }
        if (file == null) {
            return usage(err, "validate needs the file to check");
        }
        Properties properties = System.getProperties();
        Loader.Result result = Loader.load(Path.of(file), environment, new Origin("--environment", 0), System.getenv(),
                properties);
        if (!result.ok()) {
            err.println(file + ": " + result.errors().size() + " error" + (result.errors().size() == 1 ? "" : "s"));
            result.errors().forEach(e -> err.println("  " + e));
            return INVALID;
        }
        out.println(file + " is valid. Resolved configuration:");
        out.print(result.rules().describe());
        return OK;
    }

    private static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3 || !args[1].matches("\\d+")) {
            return usage(err, "attach takes PID [config=PATH][,environment=NAME]");
        }
        String pid = args[1];
        String agentArgs = args.length == 3 ? args[2] : null;
        try {
            File jar = agentJar();
            ByteBuddyAgent.attach(jar, pid, agentArgs);
            out.println("Bulwark attached to JVM " + pid + "; its stderr shows the agent's start line");
            return OK;
        } catch (RuntimeException | URISyntaxException e) {
            err.println("could not attach to JVM " + pid + ": " + rootMessage(e)
                    + ". The process must be a running JVM of the same user, started with a JDK or JRE that allows attaching.");
            return ATTACH_FAILED;
        }
    }

    private static int dlq(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || !args[1].equals("replay")) {
            return usage(err, "dlq takes: replay QUEUE [--limit N] [--uri URI]");
        }
        String queue = args[2];
        int limit = 0;
        String uri = System.getenv().getOrDefault("BULWARK_RABBITMQ_URI", "amqp://guest:guest@localhost:5672");
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--limit") && i + 1 < args.length && args[i + 1].matches("[1-9]\\d{0,8}")) {
                limit = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--uri") && i + 1 < args.length) {
                uri = args[++i];
            } else {
                return usage(err, "dlq replay takes QUEUE [--limit N] [--uri URI], N a whole number above 0; '"
                        + args[i] + "' is not one of them");
            }
        }
        try {
            int moved = new DlqReplay(uri).replay(queue, limit);
            String target = queue.endsWith(".dlq") ? queue.substring(0, queue.length() - 4) : queue;
            out.println("replayed " + moved + " message" + (moved == 1 ? "" : "s") + " from " + target + ".dlq to "
                    + target);
            return OK;
        } catch (Exception e) {
            // The URI may hold a password: name the broker by host only.
            err.println("could not replay " + queue + ": " + rootMessage(e));
            return BROKER_FAILED;
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String rootMessage(Throwable t) {
        List<Throwable> seen = new ArrayList<>();
        while (t.getCause() != null && !seen.contains(t.getCause())) {
            seen.add(t);
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("Run `java -jar bulwark-agent.jar --help` for the commands.");
        return USAGE;
    }
}
