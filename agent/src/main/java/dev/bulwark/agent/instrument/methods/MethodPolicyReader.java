package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.Attribute;
import dev.bulwark.agent.config.Durations;
import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.annotations.SlidingWindowType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Reads a method's Bulwark annotations from the class file alone (no class is loaded at transform
 * time). An annotation on the method wins over one of the same kind on its class; only attributes
 * set away from their defaults are kept, so that configuration defaults can fill the rest.
 */
final class MethodPolicyReader {
    private MethodPolicyReader() {
    }

    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method) {
        Map<PolicyType, AnnotationPolicy> policies = new EnumMap<>(PolicyType.class);
        policies.putAll(ForeignAnnotations.read(type, method));
        for (PolicyType policy : PolicyType.values()) {
            AnnotationDescription a = find(type, method, policy.annotationClass());
            if (a != null) {
                policies.put(policy, read(policy, a));
            }
        }
        return policies;
    }

    private static AnnotationPolicy read(PolicyType policy, AnnotationDescription a) {
        String name = a.getValue("name").resolve(String.class);
        Map<String, Object> values = new LinkedHashMap<>();
        String annotation = "@" + policy.annotation();
        for (Attribute attribute : policy.attributes()) {
            AnnotationValue<?, ?> value = a.getValue(attribute.name());
            MethodDescription.InDefinedShape property = a.getAnnotationType().getDeclaredMethods()
                    .filter(m -> m.getName().equals(attribute.name())).getOnly();
            AnnotationValue<?, ?> fallback = property.getDefaultValue();
            if (fallback != null && Objects.deepEquals(value.resolve(), fallback.resolve())) {
                continue;
            }
            try {
                values.put(attribute.name(), convert(attribute, value));
            } catch (IllegalArgumentException e) {
                return new AnnotationPolicy(annotation, name.isBlank() ? null : name, Map.of(),
                        attribute.name() + " = \"" + value.resolve() + "\" is not allowed; allowed: " + Durations.ALLOWED);
            }
        }
        return new AnnotationPolicy(annotation, name.isBlank() ? null : name, values, null);
    }

    private static Object convert(Attribute attribute, AnnotationValue<?, ?> value) {
        Object v = value.resolve();
        return switch (attribute.type()) {
            case WHOLE_NUMBER -> ((Number) v).intValue();
            case NUMBER -> ((Number) v).doubleValue();
            case DURATION -> Durations.parseNanos((String) v);
            case WINDOW_TYPE -> SlidingWindowType.valueOf(((EnumerationDescription) v).getValue());
            case CLASS_NAMES -> {
                List<String> names = new ArrayList<>();
                for (TypeDescription t : (TypeDescription[]) v) {
                    names.add(t.getName());
                }
                yield List.copyOf(names);
            }
            case BOOLEAN -> v;
        };
    }

    private static AnnotationDescription find(TypeDescription type, MethodDescription method, String annotation) {
        AnnotationDescription own = AnnotationLookup.onMethod(method, annotation);
        return own != null ? own : AnnotationLookup.onClassFor(type, method, annotation);
    }
}
