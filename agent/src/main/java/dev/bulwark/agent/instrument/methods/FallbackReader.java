package dev.bulwark.agent.instrument.methods;

import dev.bulwark.bootstrap.guard.FallbackPlan;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;

/**
 * Reads {@code @Fallback} and checks, from the class file, that what it names can stand in for
 * the method: a method of the same class taking the same parameters (optionally plus a Throwable)
 * and returning something the method may return, or a handler class that can be built.
 */
final class FallbackReader {
    static final String FALLBACK = "dev.bulwark.annotations.Fallback";
    private static final String NO_HANDLER = "dev.bulwark.annotations.FallbackHandler$None";
    private static final String HANDLER = "dev.bulwark.annotations.FallbackHandler";

    /** Either a plan or the reason there can be none. */
    record Result(FallbackPlan plan, String error) {
    }

    private FallbackReader() {
    }

    static boolean hasFallback(MethodDescription method) {
        return method.getDeclaredAnnotations().stream().anyMatch(a -> a.getAnnotationType().getName().equals(FALLBACK));
    }

    /** Null when the method has no {@code @Fallback}. */
    static Result read(TypeDescription type, MethodDescription method) {
        AnnotationDescription a = null;
        for (AnnotationDescription d : method.getDeclaredAnnotations()) {
            if (d.getAnnotationType().getName().equals(FALLBACK)) {
                a = d;
            }
        }
        if (a == null) {
            return null;
        }
        String name = a.getValue("method").resolve(String.class).trim();
        TypeDescription handler = a.getValue("handler").resolve(TypeDescription.class);
        boolean hasHandler = !handler.getName().equals(NO_HANDLER);
        List<String> applyOn = names(a.getValue("applyOn").resolve(TypeDescription[].class));
        List<String> skipOn = names(a.getValue("skipOn").resolve(TypeDescription[].class));
        if (name.isEmpty() == !hasHandler) {
            return error("method = \"" + name + "\", handler = " + (hasHandler ? handler.getName() + ".class" : "(none)")
                    + " is not allowed; allowed: exactly one of method (a method of " + type.getName()
                    + ") or handler (a FallbackHandler class)");
        }
        List<String> parameters = names(method.getParameters().asTypeList().asErasures());
        if (hasHandler) {
            if (handler.isInterface() || handler.isAbstract()
                    || handler.getDeclaredMethods().filter(m -> m.isConstructor() && m.getParameters().isEmpty()).isEmpty()
                    || !handler.isAssignableTo(TypeDescription.ForLoadedType.of(Object.class)) || !implementsHandler(handler)) {
                return error("handler = " + handler.getName() + ".class is not allowed; allowed: a concrete class "
                        + "implementing " + HANDLER + " with a no-argument constructor");
            }
            return new Result(new FallbackPlan(null, parameters, false, handler.getName(), applyOn, skipOn), null);
        }
        return fallbackMethod(type, method, "method", name, false, applyOn, skipOn);
    }

    /**
     * Checks that {@code name} is a method of {@code type} that can stand in for {@code method}: the
     * same parameters followed by a Throwable, or (unless {@code failureRequired}) the same parameters
     * alone. {@code attribute} is what the annotation calls the name, for the message.
     */
    static Result fallbackMethod(TypeDescription type, MethodDescription method, String attribute, String name,
            boolean failureRequired, List<String> applyOn, List<String> skipOn) {
        List<String> parameters = names(method.getParameters().asTypeList().asErasures());
        MethodList<MethodDescription.InDefinedShape> named = type.getDeclaredMethods().filter(m -> m.getName().equals(name)
                && m.isMethod());
        TypeDescription returns = method.getReturnType().asErasure();
        for (MethodDescription.InDefinedShape candidate : named) {
            List<String> candidateParameters = names(candidate.getParameters().asTypeList().asErasures());
            boolean same = !failureRequired && candidateParameters.equals(parameters);
            boolean withFailure = candidateParameters.size() == parameters.size() + 1
                    && candidateParameters.subList(0, parameters.size()).equals(parameters)
                    && candidate.getParameters().get(parameters.size()).getType().asErasure()
                            .represents(Throwable.class);
            if ((same || withFailure) && (candidate.isStatic() || !method.isStatic())
                    && returnsCompatibly(candidate.getReturnType().asErasure(), returns)) {
                return new Result(new FallbackPlan(name, parameters, withFailure, null, applyOn, skipOn), null);
            }
        }
        String signature = "(" + String.join(", ", simple(parameters)) + ")";
        String withThrowable = "(" + String.join(", ", simple(parameters)) + (parameters.isEmpty() ? "" : ", ")
                + "Throwable)";
        String found = named.isEmpty() ? "no method of that name exists"
                : "found " + describe(named.get(0)) + (named.size() > 1 ? " and " + (named.size() - 1) + " more" : "");
        for (MethodDescription.InDefinedShape candidate : named) {
            List<String> candidateParameters = names(candidate.getParameters().asTypeList().asErasures());
            if (failureRequired && candidateParameters.size() == parameters.size() + 1
                    && candidateParameters.subList(0, parameters.size()).equals(parameters)
                    && !candidateParameters.get(parameters.size()).equals(Throwable.class.getName())) {
                found += " (the failure is passed as a Throwable, so the last parameter must be declared Throwable)";
                break;
            }
        }
        return error(attribute + " = \"" + name + "\" is not allowed: " + found + "; allowed: a method of "
                + type.getName() + " named " + name + " taking " + (failureRequired ? "" : signature + " or ")
                + withThrowable + ", returning "
                + returns.getSimpleName() + (method.isStatic() ? ", static like the method it stands in for" : ""));
    }

    private static boolean implementsHandler(TypeDescription handler) {
        for (TypeDescription.Generic t = handler.asGenericType(); t != null; t = t.getSuperClass()) {
            for (TypeDescription.Generic i : t.asErasure().getInterfaces()) {
                if (i.asErasure().getName().equals(HANDLER)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean returnsCompatibly(TypeDescription fallback, TypeDescription method) {
        if (method.represents(void.class)) {
            return true; // a void method ignores what its fallback returns
        }
        if (method.isPrimitive() || fallback.isPrimitive()) {
            return fallback.equals(method);
        }
        return fallback.isAssignableTo(method);
    }

    private static String describe(MethodDescription m) {
        return m.getReturnType().asErasure().getSimpleName() + " " + m.getName() + "("
                + String.join(", ", simple(names(m.getParameters().asTypeList().asErasures()))) + ")"
                + (m.isStatic() ? " (static)" : "");
    }

    private static Result error(String problem) {
        return new Result(null, problem);
    }

    private static List<String> names(TypeList types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.getName()));
        return names;
    }

    private static List<String> names(TypeDescription[] types) {
        List<String> names = new ArrayList<>();
        for (TypeDescription t : types) {
            names.add(t.getName());
        }
        return names;
    }

    private static List<String> simple(List<String> names) {
        List<String> s = new ArrayList<>();
        for (String n : names) {
            s.add(n.substring(n.lastIndexOf('.') + 1));
        }
        return s;
    }
}
