package dev.bulwark.bootstrap.guard;

import dev.bulwark.annotations.FallbackHandler;
import dev.bulwark.bootstrap.policy.ExceptionMatcher;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls a target's fallback. The method (or handler) is found by name in the guarded class's own
 * loader the first time it is needed, then kept; its signature was already checked at transform time.
 */
final class FallbackInvoker {
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class);

    private final FallbackPlan plan;
    private final String target;
    private final ExceptionMatcher applyOn;
    private final ExceptionMatcher skipOn;
    private final LongAdder fallbacks = new LongAdder();
    private volatile Method method;
    private volatile FallbackHandler<?> handler;

    FallbackInvoker(FallbackPlan plan, String target) {
        this.plan = plan;
        this.target = target;
        this.applyOn = new ExceptionMatcher(plan.applyOn());
        this.skipOn = new ExceptionMatcher(plan.skipOn());
    }

    boolean appliesTo(Throwable failure) {
        return !skipOn.matches(failure) && (applyOn.isEmpty() || applyOn.matches(failure));
    }

    /** The fallback's result; whatever the fallback throws reaches the caller as it is. */
    Object invoke(Class<?> declaring, Object self, Object[] arguments, Throwable failure) throws Throwable {
        fallbacks.increment();
        if (plan.method() == null) {
            return handler(declaring).handle(new FallbackHandler.Context(target, Arrays.asList(arguments), failure));
        }
        Method m = method(declaring);
        Object[] args = arguments;
        if (plan.takesFailure()) {
            args = Arrays.copyOf(arguments, arguments.length + 1);
            args[arguments.length] = failure;
        }
        try {
            return m.invoke(self, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    long fallbacks() {
        return fallbacks.sum();
    }

    private Method method(Class<?> declaring) throws ReflectiveOperationException {
        Method m = method;
        if (m == null) {
            ClassLoader loader = declaring.getClassLoader();
            List<String> names = plan.parameterTypes();
            Class<?>[] types = new Class<?>[names.size() + (plan.takesFailure() ? 1 : 0)];
            for (int i = 0; i < names.size(); i++) {
                types[i] = type(names.get(i), loader);
            }
            if (plan.takesFailure()) {
                types[names.size()] = Throwable.class;
            }
            m = declaring.getDeclaredMethod(plan.method(), types);
            m.setAccessible(true);
            method = m;
        }
        return m;
    }

    private FallbackHandler<?> handler(Class<?> declaring) throws ReflectiveOperationException {
        FallbackHandler<?> h = handler;
        if (h == null) {
            Class<?> type = Class.forName(plan.handler(), true, declaring.getClassLoader());
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            h = (FallbackHandler<?>) constructor.newInstance();
            handler = h;
        }
        return h;
    }

    private static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        if (name.endsWith("[]")) {
            return type(name.substring(0, name.length() - 2), loader).arrayType();
        }
        return Class.forName(name, false, loader);
    }
}
