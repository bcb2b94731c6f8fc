package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Resilience4j's annotations read as Bulwark policies. They carry only a name, which refers to
 * configuration: here the bulwark.yaml section of that name, over Bulwark's defaults (which are
 * Resilience4j's). Their {@code fallbackMethod} becomes the method's fallback.
 */
final class Resilience4jAnnotations {
    private static final String PACKAGE = "io.github.resilience4j.";
    private static final Map<PolicyType, String> KINDS = kinds();
    static final List<String> NAMES = List.copyOf(KINDS.values());

    private Resilience4jAnnotations() {
    }

    private static Map<PolicyType, String> kinds() {
        Map<PolicyType, String> kinds = new EnumMap<>(PolicyType.class);
        kinds.put(PolicyType.CIRCUIT_BREAKER, PACKAGE + "circuitbreaker.annotation.CircuitBreaker");
        kinds.put(PolicyType.RETRY, PACKAGE + "retry.annotation.Retry");
        kinds.put(PolicyType.BULKHEAD, PACKAGE + "bulkhead.annotation.Bulkhead");
        kinds.put(PolicyType.RATE_LIMITER, PACKAGE + "ratelimiter.annotation.RateLimiter");
        kinds.put(PolicyType.TIMEOUT, PACKAGE + "timelimiter.annotation.TimeLimiter");
        return kinds;
    }

    /**
     * The policies of the annotations on the method ({@code onClass} false) or, for a public method
     * without one of the same kind, on its class ({@code onClass} true).
     */
    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method, boolean onClass) {
        Map<PolicyType, AnnotationPolicy> policies = new EnumMap<>(PolicyType.class);
        for (Map.Entry<PolicyType, String> kind : KINDS.entrySet()) {
            AnnotationDescription a = find(type, method, kind.getValue(), onClass);
            if (a == null) {
                continue;
            }
            String display = "@" + kind.getValue();
            try {
                String name = a.getValue("name").resolve(String.class).trim();
                String error = null;
                if (name.isEmpty()) {
                    error = "name = \"\" is not allowed; allowed: the name of a " + kind.getKey().key()
                            + ", set under " + kind.getKey().section() + " in bulwark.yaml or left to the defaults";
                } else if (kind.getKey() == PolicyType.RATE_LIMITER) {
                    int permits = a.getValue("permits").resolve(Integer.class);
                    if (permits != 1) {
                        error = "permits = " + permits
                                + " is not allowed; allowed: 1 (Bulwark takes one permit per call)";
                    }
                }
                policies.put(kind.getKey(),
                        new AnnotationPolicy(display, name.isEmpty() ? null : name, Map.of(), error));
            } catch (RuntimeException unreadable) {
                BulwarkLog.warnOnce("unreadable:" + type.getName() + "#" + method.getName() + display,
                        display + " on " + type.getName() + "#" + method.getName() + " cannot be read (is its jar "
                        + "missing from the class path?); Bulwark leaves it out: " + unreadable, null);
            }
        }
        return policies;
    }

    static boolean hasFallback(MethodDescription method) {
        TypeDefinition declaring = method.getDeclaringType();
        return !fallbackMethods(declaring == null ? null : declaring.asErasure(), method).isEmpty();
    }

    /** The fallback the annotations name, checked, or null when none names one. */
    static FallbackReader.Result fallback(TypeDescription type, MethodDescription method) {
        Map<String, String> named = fallbackMethods(type, method);
        if (named.isEmpty()) {
            return null;
        }
        if (named.values().stream().distinct().count() > 1) {
            StringBuilder all = new StringBuilder();
            named.forEach((annotation, name) -> all.append(all.length() > 0 ? ", " : "").append(annotation)
                    .append(" names \"").append(name).append('"'));
            return new FallbackReader.Result(null, "Resilience4j fallbackMethod differs between annotations (" + all
                    + ") and is not allowed; allowed: one fallback method per method, which Bulwark calls outermost");
        }
        String name = named.values().iterator().next();
        // Resilience4j hands its fallback the failure as the last parameter, always.
        return FallbackReader.fallbackMethod(type, method, "Resilience4j fallbackMethod", name, true, List.of(),
                List.of());
    }

    /** The non-empty fallbackMethod of each annotation that applies to the method, by annotation. */
    private static Map<String, String> fallbackMethods(TypeDescription type, MethodDescription method) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String annotation : KINDS.values()) {
            AnnotationDescription a = find(type, method, annotation, false);
            if (a == null && type != null) {
                a = find(type, method, annotation, true);
            }
            if (a == null) {
                continue;
            }
            try {
                String name = a.getValue("fallbackMethod").resolve(String.class).trim();
                if (!name.isEmpty()) {
                    named.put("@" + annotation.substring(annotation.lastIndexOf('.') + 1), name);
                }
            } catch (RuntimeException unreadable) {
                // Reported once by read(), which sees the same annotation.
            }
        }
        return named;
    }

    private static AnnotationDescription find(TypeDescription type, MethodDescription method, String name,
            boolean onClass) {
        return onClass ? AnnotationLookup.onClassFor(type, method, name) : AnnotationLookup.onMethod(method, name);
    }


}
