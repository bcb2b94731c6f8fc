package dev.bulwark.agent;

/** {@code java -jar bulwark-agent.jar}: says what the jar is and how to attach it. */
public final class Cli {
    private Cli() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("version") || args[0].equals("--version"))) {
            System.out.println("Bulwark " + Version.current());
            return;
        }
        System.out.println("Bulwark " + Version.current() + " is a Java agent. Attach it with:\n"
                + "  java -javaagent:bulwark-agent.jar -jar your-app.jar\n"
                + "Commands:\n"
                + "  version   print the version");
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("--help")) {
            System.err.println("unknown command: " + args[0]);
            System.exit(2);
        }
    }
}
