package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.Durations;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.InvalidRuleException;
import dev.bulwark.bootstrap.policy.RetryRules;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Reads a method's Bulwark annotations into a {@link GuardPlan}, from the class file alone: no
 * class is loaded at transform time. An annotation on the method wins over one of the same kind
 * on its class. An attribute that makes no sense is reported once, here, and the plan becomes
 * one that fails every call with the same message.
 */
final class MethodPolicyReader {
    static final String CIRCUIT_BREAKER = "dev.bulwark.annotations.CircuitBreaker";
    static final String RETRY = "dev.bulwark.annotations.Retry";
    static final String BULKHEAD = "dev.bulwark.annotations.Bulkhead";

    private MethodPolicyReader() {
    }

    static GuardPlan read(TypeDescription type, MethodDescription method, String target) {
        AnnotationDescription breaker = find(type, method, CIRCUIT_BREAKER);
        AnnotationDescription retry = find(type, method, RETRY);
        AnnotationDescription bulkhead = find(type, method, BULKHEAD);
        String current = null;
        AnnotationDescription currentAnnotation = null;
        try {
            current = "@CircuitBreaker";
            currentAnnotation = breaker;
            CircuitBreakerRules breakerRules = breaker == null ? null : breakerRules(breaker);
            current = "@Retry";
            currentAnnotation = retry;
            RetryRules retryRules = retry == null ? null : retryRules(retry);
            current = "@Bulkhead";
            currentAnnotation = bulkhead;
            BulkheadRules bulkheadRules = bulkhead == null ? null : bulkheadRules(bulkhead);
            return new GuardPlan(target,
                    name(breaker, target), breakerRules,
                    name(retry, target), retryRules,
                    name(bulkhead, target), bulkheadRules,
                    null, null);
        } catch (InvalidRuleException e) {
            String message = "invalid " + current + " on " + target + ": " + e.getMessage()
                    + ". Every call of this method fails with this message until the annotation is fixed.";
            BulwarkLog.error(message);
            return GuardPlan.invalid(target, name(currentAnnotation, target), message);
        }
    }

    private static AnnotationDescription find(TypeDescription type, MethodDescription method, String annotation) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(annotation)) {
                return a;
            }
        }
        if (!method.isPublic()) {
            return null; // a class-level annotation covers the public methods only
        }
        for (AnnotationDescription a : type.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(annotation)) {
                return a;
            }
        }
        return null;
    }

    private static String name(AnnotationDescription annotation, String target) {
        if (annotation == null) {
            return null;
        }
        String name = annotation.getValue("name").resolve(String.class);
        return name.isBlank() ? target : name;
    }

    private static CircuitBreakerRules breakerRules(AnnotationDescription a) {
        return new CircuitBreakerRules(
                SlidingWindowType.valueOf(a.getValue("slidingWindowType").resolve(EnumerationDescription.class).getValue()),
                integer(a, "slidingWindowSize"),
                integer(a, "minimumNumberOfCalls"),
                a.getValue("failureRateThreshold").resolve(Float.class),
                a.getValue("slowCallRateThreshold").resolve(Float.class),
                duration(a, "slowCallDurationThreshold"),
                duration(a, "waitDurationInOpenState"),
                integer(a, "permittedNumberOfCallsInHalfOpenState"),
                classNames(a, "recordExceptions"),
                classNames(a, "ignoreExceptions"));
    }

    private static RetryRules retryRules(AnnotationDescription a) {
        return new RetryRules(
                integer(a, "maxAttempts"),
                duration(a, "waitDuration"),
                a.getValue("backoffMultiplier").resolve(Double.class),
                duration(a, "maxWaitDuration"),
                a.getValue("jitterFactor").resolve(Double.class),
                duration(a, "maxDuration"),
                classNames(a, "retryOn"),
                classNames(a, "abortOn"));
    }

    private static BulkheadRules bulkheadRules(AnnotationDescription a) {
        return new BulkheadRules(integer(a, "maxConcurrentCalls"), duration(a, "maxWaitDuration"));
    }

    private static int integer(AnnotationDescription a, String attribute) {
        return a.getValue(attribute).resolve(Integer.class);
    }

    private static long duration(AnnotationDescription a, String attribute) {
        String text = a.getValue(attribute).resolve(String.class);
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(attribute, "\"" + text + "\"", Durations.ALLOWED);
        }
    }

    private static List<String> classNames(AnnotationDescription a, String attribute) {
        List<String> names = new ArrayList<>();
        for (TypeDescription type : a.getValue(attribute).resolve(TypeDescription[].class)) {
            names.add(type.getName());
        }
        return names;
    }
}
