package dev.bulwark.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionMatcherTest {

    /** An exception that carries a marker interface. */
    static final class Tagged extends RuntimeException implements Marker {
        private static final long serialVersionUID = 1L;
    }

    interface Marker {
    }

    @Test
    void matchesTheNamedClassAndItsSubclasses() {
        ExceptionMatcher m = new ExceptionMatcher(List.of("java.io.IOException"));
        assertTrue(m.matches(new IOException()));
        assertTrue(m.matches(new FileNotFoundException()));
        assertFalse(m.matches(new UncheckedIOException(new IOException())));
    }

    @Test
    void matchesAnInterfaceTheThrownClassImplements() {
        ExceptionMatcher m = new ExceptionMatcher(List.of(Marker.class.getName()));
        assertTrue(m.matches(new Tagged()));
        assertFalse(m.matches(new RuntimeException()));
    }

    @Test
    void emptyMatcherMatchesNothing() {
        ExceptionMatcher m = new ExceptionMatcher(List.of());
        assertTrue(m.isEmpty());
        assertFalse(m.matches(new RuntimeException()));
        assertFalse(new ExceptionMatcher(List.of("java.lang.Throwable")).matches(null));
    }

    @Test
    void namesOfClassesNobodyLoadedAreFine() {
        ExceptionMatcher m = new ExceptionMatcher(List.of("com.example.NotOnThisClassPath", "java.lang.Error"));
        assertTrue(m.matches(new AssertionError()));
    }
}
