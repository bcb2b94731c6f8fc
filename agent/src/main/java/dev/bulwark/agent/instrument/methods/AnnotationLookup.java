package dev.bulwark.agent.instrument.methods;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Finds annotations by type name, from class files: Bulwark's, MicroProfile's and Resilience4j's alike. */
final class AnnotationLookup {
    private AnnotationLookup() {
    }

    /** The annotation of that type declared on the method itself, or null. */
    static AnnotationDescription onMethod(MethodDescription method, String annotationType) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(annotationType)) {
                return a;
            }
        }
        return null;
    }

    /**
     * The annotation of that type on the class, where it covers this method: a class-level annotation
     * covers the public methods that have none of the same type of their own. Otherwise null.
     */
    static AnnotationDescription onClassFor(TypeDescription type, MethodDescription method, String annotationType) {
        if (!method.isPublic() || onMethod(method, annotationType) != null) {
            return null;
        }
        for (AnnotationDescription a : type.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(annotationType)) {
                return a;
            }
        }
        return null;
    }
}
