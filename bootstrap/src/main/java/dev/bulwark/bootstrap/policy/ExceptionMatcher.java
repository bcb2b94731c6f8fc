package dev.bulwark.bootstrap.policy;

import java.util.List;
import java.util.Set;

/**
 * Matches a throwable against class names, subclasses included. Compares names along the thrown
 * class's hierarchy instead of loading the listed classes: the rule may name a class that this
 * (bootstrap) class loader cannot see. Only used once a call has failed.
 */
public final class ExceptionMatcher {
    private final Set<String> names;

    public ExceptionMatcher(List<String> classNames) {
        this.names = Set.copyOf(classNames);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public boolean matches(Throwable t) {
        return t != null && !names.isEmpty() && matchesType(t.getClass());
    }

    /**
     * Like {@link #matches} but only looks at the classes from the thrown one up to and including
     * the class named {@code top} (and their interfaces): "listed explicitly" for a family of exceptions.
     */
    boolean matchesUpTo(Throwable t, String top) {
        if (t == null || names.isEmpty()) {
            return false;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (names.contains(c.getName()) || matchesInterfaces(c)) {
                return true;
            }
            if (c.getName().equals(top)) {
                return false;
            }
        }
        return false;
    }

    private boolean matchesType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (names.contains(c.getName()) || matchesInterfaces(c)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesInterfaces(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            if (names.contains(i.getName()) || matchesInterfaces(i)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code t}'s class or a superclass has the given name. */
    static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
