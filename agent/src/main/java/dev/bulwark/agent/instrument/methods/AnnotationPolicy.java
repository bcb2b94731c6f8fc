package dev.bulwark.agent.instrument.methods;

import java.util.Map;

/**
 * What one Bulwark annotation on a method says: its explicit name (or null), the attributes it
 * sets away from their defaults (by attribute name), or the error that makes it unusable.
 */
record AnnotationPolicy(String annotation, String name, Map<String, Object> values, String error) {
}
