package dev.bulwark.agent.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which methods a {@code methods:} rule guards. {@code com.acme.Orders#place} names one method (any
 * visibility, every overload); {@code com.acme.Orders#get*} a family by name; {@code com.acme.Orders}
 * or {@code com.acme.Orders#*} every public method of the class; {@code com.acme.*} the classes of a
 * package and {@code com.acme.**} also those of its sub-packages.
 */
public record MethodPattern(String text, Pattern classes, Pattern methods, int specificity) {
    private static final Pattern CLASS_GLOB = Pattern.compile("[\\p{javaJavaIdentifierPart}.*]+");
    private static final Pattern METHOD_GLOB = Pattern.compile("[\\p{javaJavaIdentifierPart}*]+");
    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
    public static final String ALLOWED = "a class or package pattern with an optional #method, such as "
            + "com.acme.Orders#place, com.acme.Orders#get*, com.acme.Orders, com.acme.* or com.acme.**";

    /** @throws IllegalArgumentException saying what a pattern may look like */
    public static MethodPattern parse(String text) {
        String t = text == null ? "" : text.trim();
        int hash = t.indexOf('#');
        String classPart = hash < 0 ? t : t.substring(0, hash);
        String methodPart = hash < 0 ? "*" : t.substring(hash + 1);
        if (classPart.isEmpty() || !CLASS_GLOB.matcher(classPart).matches() || classPart.startsWith(".")
                || classPart.endsWith(".") || classPart.contains("..") || classPart.contains("***")
                || methodPart.isEmpty() || !METHOD_GLOB.matcher(methodPart).matches() || methodPart.contains("**")) {
            throw new IllegalArgumentException("'" + text + "' is not a method pattern; allowed: " + ALLOWED);
        }
        boolean classWild = classPart.contains("*");
        boolean allPublic = methodPart.equals("*");
        boolean methodWild = methodPart.contains("*");
        int specificity = (classWild ? 0 : 2) + (allPublic ? 0 : methodWild ? 1 : 4);
        return new MethodPattern(t, Pattern.compile(classRegex(classPart)),
                allPublic ? null : Pattern.compile(methodPart.replace("*", ".*")), specificity);
    }

    private static String classRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                b.append(".*");
                i++;
            } else if (c == '*') {
                b.append("[^.]*");
            } else if (c == '.' || c == '$') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public boolean matchesClass(String className) {
        return classes.matcher(className).matches();
    }

    /** A named method matches at any visibility; "every method" means the public ones but equals, hashCode, toString. */
    public boolean matchesMethod(String className, String methodName, boolean isPublic) {
        if (!matchesClass(className)) {
            return false;
        }
        if (methods == null) {
            return isPublic && !OBJECT_METHODS.contains(methodName);
        }
        return methods.matcher(methodName).matches();
    }
}
