package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.PolicyType;
import java.util.Map;

/**
 * A guarded method as seen when its class was transformed, kept so its Guard can be planned again
 * when the configuration changes.
 *
 * @param key unique per method: class, name and descriptor
 * @param target the method in the user's words, {@code com.acme.Orders#place}
 * @param fallback its {@code @Fallback}, checked, or null
 */
record MethodSite(String key, String target, String className, String methodName, boolean isPublic,
        Map<PolicyType, AnnotationPolicy> annotations, FallbackReader.Result fallback) {
}
