package dev.bulwark.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Puts Bulwark's runtime and the annotation-side types on the bootstrap class path. Advice is
 * inlined into classes of every class loader (and later of the JDK itself); the code it calls must
 * be visible from all of them, and an application's {@code catch (CircuitBreakerOpenException e)}
 * must name the very class the runtime throws. Both travel inside the agent jar as nested jars.
 */
final class BootstrapInjector {
    static final String[] JARS = {"bulwark-annotations.jar", "bulwark-bootstrap.jar"};
    private static final String LOCATION = "/dev/bulwark/agent/inject/";

    private BootstrapInjector() {
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        inject(instrumentation, true);
    }

    /** @param bootstrap false for the command line, where the system class path is enough (and HotSpot stays quiet) */
    static void inject(Instrumentation instrumentation, boolean bootstrap) throws IOException {
        Path dir = Files.createTempDirectory("bulwark-");
        dir.toFile().deleteOnExit();
        for (String name : JARS) {
            try (InputStream in = BootstrapInjector.class.getResourceAsStream(LOCATION + name)) {
                if (in == null) {
                    throw new IOException("the agent jar has no " + LOCATION + name + "; was it built with `mvn package`?");
                }
                Path jar = dir.resolve(name);
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                jar.toFile().deleteOnExit();
                if (bootstrap) {
                    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
                } else {
                    instrumentation.appendToSystemClassLoaderSearch(new JarFile(jar.toFile()));
                }
            }
        }
    }
}
