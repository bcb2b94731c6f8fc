package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.PolicyType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Annotations of other fault-tolerance libraries (MicroProfile Fault Tolerance, Resilience4j) read
 * as Bulwark policies, so code written for a container runs guarded in plain Java. Bulwark's own
 * annotation of the same kind, where present, wins. Among foreign ones, an annotation on the method
 * wins over one on its class, and at the same place MicroProfile's wins over Resilience4j's.
 */
final class ForeignAnnotations {
    /** The annotation types honoured, by class name. */
    static final List<String> NAMES = names();

    private ForeignAnnotations() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(MicroProfileAnnotations.NAMES);
        names.addAll(Resilience4jAnnotations.NAMES);
        return List.copyOf(names);
    }

    /** The policies the method's (or its class's) foreign annotations ask for; empty when none. */
    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method) {
        return read(type, method, MicroProfileConfig.current());
    }

    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method,
            MicroProfileConfig config) {
        Map<PolicyType, AnnotationPolicy> policies = new EnumMap<>(PolicyType.class);
        for (boolean onClass : new boolean[] {false, true}) {
            MicroProfileAnnotations.read(type, method, onClass, config).forEach(policies::putIfAbsent);
            Resilience4jAnnotations.read(type, method, onClass).forEach(policies::putIfAbsent);
        }
        return policies;
    }

    /** True when a foreign annotation on the method (or its class) asks for a fallback. */
    static boolean hasFallback(MethodDescription method) {
        return MicroProfileAnnotations.hasFallback(method) || Resilience4jAnnotations.hasFallback(method);
    }

    /** The fallback foreign annotations ask for, checked, or null. */
    static FallbackReader.Result fallback(TypeDescription type, MethodDescription method) {
        return fallback(type, method, MicroProfileConfig.current());
    }

    static FallbackReader.Result fallback(TypeDescription type, MethodDescription method, MicroProfileConfig config) {
        FallbackReader.Result microProfile = MicroProfileAnnotations.fallback(type, method, config);
        return microProfile != null ? microProfile : Resilience4jAnnotations.fallback(type, method);
    }
}
