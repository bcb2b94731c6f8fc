package dev.bulwark.bootstrap.guard;

import java.lang.reflect.Method;

/** JVM method descriptors, to find at run time the method an advice site was woven into. */
final class Descriptors {
    private Descriptors() {
    }

    static String of(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(of(p));
        }
        return b.append(')').append(of(m.getReturnType())).toString();
    }

    static String of(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> "V";
        };
    }
}
