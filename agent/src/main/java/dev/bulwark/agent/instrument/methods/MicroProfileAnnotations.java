package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.log.BulwarkLog;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * MicroProfile Fault Tolerance's {@code @Retry}, {@code @CircuitBreaker}, {@code @Bulkhead},
 * {@code @Timeout} and {@code @Fallback}, read from the class file with MicroProfile's defaults and
 * its {@code <class>/<method>/<Annotation>/<parameter>} overrides, as Bulwark settings. Every
 * parameter is passed on, defaults included: MicroProfile's defaults are not Bulwark's.
 */
final class MicroProfileAnnotations {
    static final String PACKAGE = "org.eclipse.microprofile.faulttolerance.";
    private static final String FALLBACK = "Fallback";
    private static final String NO_HANDLER = PACKAGE + "Fallback$DEFAULT";
    private static final String NON_FALLBACK_ENABLED = "MP_Fault_Tolerance_NonFallback_Enabled";
    private static final int MAX_WINDOW = 1_000_000;
    private static final Map<PolicyType, String> KINDS = kinds();
    static final List<String> NAMES = List.of(PACKAGE + "Retry", PACKAGE + "CircuitBreaker", PACKAGE + "Bulkhead",
            PACKAGE + "Timeout", PACKAGE + FALLBACK);

    /** MicroProfile's own exceptions, and the Bulwark exception thrown in their place. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            PACKAGE + "exceptions.CircuitBreakerOpenException", "dev.bulwark.annotations.CircuitBreakerOpenException",
            PACKAGE + "exceptions.BulkheadException", "dev.bulwark.annotations.BulkheadFullException",
            PACKAGE + "exceptions.TimeoutException", "dev.bulwark.annotations.TimeoutExceededException",
            PACKAGE + "exceptions.FaultToleranceException", "dev.bulwark.annotations.BulwarkException");

    private MicroProfileAnnotations() {
    }

    private static Map<PolicyType, String> kinds() {
        Map<PolicyType, String> kinds = new EnumMap<>(PolicyType.class);
        kinds.put(PolicyType.RETRY, "Retry");
        kinds.put(PolicyType.CIRCUIT_BREAKER, "CircuitBreaker");
        kinds.put(PolicyType.BULKHEAD, "Bulkhead");
        kinds.put(PolicyType.TIMEOUT, "Timeout");
        return kinds;
    }

    /**
     * The policies of the annotations on the method ({@code onClass} false) or, for a public method
     * without one of the same kind, on its class ({@code onClass} true); disabled ones left out.
     */
    static Map<PolicyType, AnnotationPolicy> read(TypeDescription type, MethodDescription method, boolean onClass,
            MicroProfileConfig config) {
        Map<PolicyType, AnnotationPolicy> policies = new EnumMap<>(PolicyType.class);
        for (Map.Entry<PolicyType, String> kind : KINDS.entrySet()) {
            String simple = kind.getValue();
            AnnotationDescription a = find(type, method, simple, onClass);
            if (a == null || !enabled(type, method, simple, config)) {
                continue;
            }
            String display = "@" + PACKAGE + simple;
            Parameters p = new Parameters(a, keys(type, method, simple, onClass), config);
            try {
                policies.put(kind.getKey(), new AnnotationPolicy(display, null, switch (kind.getKey()) {
                    case RETRY -> retry(p);
                    case CIRCUIT_BREAKER -> circuitBreaker(p);
                    case BULKHEAD -> bulkhead(p);
                    case TIMEOUT -> timeout(p);
                    default -> throw new IllegalStateException(kind.getKey().toString());
                }, null));
            } catch (NotAllowed e) {
                policies.put(kind.getKey(), new AnnotationPolicy(display, null, Map.of(), e.getMessage()));
            } catch (RuntimeException unreadable) {
                unreadable(type, method, display, unreadable);
            }
        }
        return policies;
    }

    static boolean hasFallback(MethodDescription method) {
        return find(null, method, FALLBACK, false) != null;
    }

    /** The method's {@code @Fallback}, checked, or null when it has none or it is disabled. */
    static FallbackReader.Result fallback(TypeDescription type, MethodDescription method, MicroProfileConfig config) {
        AnnotationDescription a = find(type, method, FALLBACK, false);
        if (a == null || !enabled(type, method, FALLBACK, config)) {
            return null;
        }
        Parameters p = new Parameters(a, keys(type, method, FALLBACK, false), config);
        try {
            String name = p.text("fallbackMethod");
            String handler = p.className("value");
            List<String> applyOn = p.classes("applyOn");
            List<String> skipOn = p.classes("skipOn");
            boolean hasHandler = !handler.equals(NO_HANDLER);
            if (hasHandler && !name.isEmpty()) {
                throw new NotAllowed(p.show("value", handler + ".class") + " and "
                        + p.show("fallbackMethod", "\"" + name + "\"")
                        + " are not allowed together; allowed: one of them, and Bulwark supports fallbackMethod");
            }
            if (hasHandler) {
                throw new NotAllowed(p.show("value", handler + ".class") + " is not supported: Bulwark does not run "
                        + "MicroProfile FallbackHandler classes; allowed: fallbackMethod naming a method of "
                        + type.getName() + " with the same parameters");
            }
            if (name.isEmpty()) {
                throw new NotAllowed("fallbackMethod = \"\" is not allowed; allowed: the name of a method of "
                        + type.getName() + " with the same parameters");
            }
            return FallbackReader.fallbackMethod(type, method, "MicroProfile fallbackMethod", name, false, applyOn,
                    skipOn);
        } catch (NotAllowed e) {
            return new FallbackReader.Result(null, e.getMessage());
        } catch (RuntimeException unreadable) {
            unreadable(type, method, "@" + PACKAGE + FALLBACK, unreadable);
            return null;
        }
    }

    private static Map<String, Object> retry(Parameters p) {
        int maxRetries = p.integer("maxRetries");
        if (maxRetries < -1) {
            throw p.notAllowed("maxRetries", maxRetries, "-1 (no limit) or a whole number of 0 or more");
        }
        long delay = p.duration("delay", "delayUnit");
        long maxDuration = p.duration("maxDuration", "durationUnit");
        long jitter = p.duration("jitter", "jitterDelayUnit");
        if (maxDuration != 0 && maxDuration <= delay) {
            throw new NotAllowed(p.show("maxDuration", p.amount("maxDuration", "durationUnit"))
                    + " is not allowed; allowed: 0 (no bound) or longer than delay (" + p.amount("delay", "delayUnit")
                    + ")");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        // -1 is unlimited; maxDuration usually bounds it, as it does in MicroProfile.
        values.put("maxAttempts", maxRetries == -1 || maxRetries == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : maxRetries + 1);
        values.put("waitDuration", delay);
        values.put("maxDuration", maxDuration);
        // MicroProfile varies each delay by up to +-jitter; Bulwark by a fraction of the wait.
        values.put("jitterFactor", delay == 0 ? 0.0 : Math.min(1.0, (double) jitter / delay));
        values.put("retryOn", p.classes("retryOn"));
        values.put("abortOn", p.classes("abortOn"));
        return values;
    }

    private static Map<String, Object> circuitBreaker(Parameters p) {
        int volume = p.integer("requestVolumeThreshold");
        if (volume < 1 || volume > MAX_WINDOW) {
            throw p.notAllowed("requestVolumeThreshold", volume, "a whole number from 1 to " + MAX_WINDOW);
        }
        double ratio = p.decimal("failureRatio");
        if (!(ratio > 0 && ratio <= 1)) {
            throw p.notAllowed("failureRatio", ratio, "a number above 0 and at most 1");
        }
        long delay = p.duration("delay", "delayUnit");
        int successes = p.integer("successThreshold");
        if (successes < 1 || successes > MAX_WINDOW) {
            throw p.notAllowed("successThreshold", successes, "a whole number from 1 to " + MAX_WINDOW);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("slidingWindowType", SlidingWindowType.COUNT);
        values.put("slidingWindowSize", volume);
        values.put("minimumNumberOfCalls", volume);
        values.put("failureRateThreshold", ratio * 100);
        // 0 means half-open at once; Bulwark's wait must be above 0, and a nanosecond is at once.
        values.put("waitDurationInOpenState", Math.max(1L, delay));
        values.put("permittedNumberOfCallsInHalfOpenState", successes);
        values.put("recordExceptions", p.classes("failOn"));
        values.put("ignoreExceptions", p.classes("skipOn"));
        return values;
    }

    private static Map<String, Object> bulkhead(Parameters p) {
        int value = p.integer("value");
        if (value < 1) {
            throw p.notAllowed("value", value, "a whole number of 1 or more");
        }
        // waitingTaskQueue is for @Asynchronous calls only; a synchronous call over the limit is refused at once.
        return Map.of("maxConcurrentCalls", value, "maxWaitDuration", 0L);
    }

    private static Map<String, Object> timeout(Parameters p) {
        long value = p.duration("value", "unit");
        if (value == 0) {
            throw new NotAllowed(p.show("value", p.amount("value", "unit")) + " is not allowed; allowed: above 0");
        }
        return Map.of("value", value);
    }

    /** MicroProfile's rule: method, then class, then the annotation everywhere, then all but Fallback. */
    private static boolean enabled(TypeDescription type, MethodDescription method, String simple,
            MicroProfileConfig config) {
        String[] keys = {type.getName() + "/" + method.getName() + "/" + simple + "/enabled",
            type.getName() + "/" + simple + "/enabled", simple + "/enabled"};
        for (String key : keys) {
            MicroProfileConfig.Value v = config.get(key);
            if (v != null) {
                return isTrue(v.text());
            }
        }
        MicroProfileConfig.Value all = simple.equals(FALLBACK) ? null : config.get(NON_FALLBACK_ENABLED);
        return all == null || isTrue(all.text());
    }

    /** MicroProfile Config's boolean: true, 1, yes, y, on, in any case. */
    private static boolean isTrue(String text) {
        return Set.of("true", "1", "yes", "y", "on").contains(text.toLowerCase(Locale.ROOT));
    }

    /** Where overrides of the annotation's parameters are looked up, most specific first. */
    private static List<String> keys(TypeDescription type, MethodDescription method, String simple, boolean onClass) {
        String own = onClass ? type.getName() + "/" + simple + "/"
                : type.getName() + "/" + method.getName() + "/" + simple + "/";
        return List.of(own, simple + "/");
    }

    private static AnnotationDescription find(TypeDescription type, MethodDescription method, String simple,
            boolean onClass) {
        String name = PACKAGE + simple;
        return onClass ? AnnotationLookup.onClassFor(type, method, name) : AnnotationLookup.onMethod(method, name);
    }



    private static void unreadable(TypeDescription type, MethodDescription method, String display,
            RuntimeException e) {
        BulwarkLog.warnOnce("unreadable:" + type.getName() + "#" + method.getName() + display, display + " on "
                + type.getName() + "#" + method.getName() + " cannot be read (is its jar missing from the class path?)"
                + "; Bulwark leaves it out: " + e, null);
    }

    /** Bulwark throws its own exceptions where MicroProfile throws its: a list naming one names both. */
    private static List<String> withBulwarkExceptions(List<String> names) {
        List<String> all = new ArrayList<>(names);
        for (String n : names) {
            String bulwark = EXCEPTIONS.get(n);
            if (bulwark != null && !all.contains(bulwark)) {
                all.add(bulwark);
            }
        }
        return List.copyOf(all);
    }

    /** A parameter that makes no sense; its message is the whole error. */
    private static final class NotAllowed extends RuntimeException {
        NotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /** The parameters of one annotation, each overridden by the most specific configured property. */
    private static final class Parameters {
        private final AnnotationDescription annotation;
        private final List<String> keys;
        private final MicroProfileConfig config;

        Parameters(AnnotationDescription annotation, List<String> keys, MicroProfileConfig config) {
            this.annotation = annotation;
            this.keys = keys;
            this.config = config;
        }

        private MicroProfileConfig.Value configured(String parameter) {
            for (String prefix : keys) {
                MicroProfileConfig.Value v = config.get(prefix + parameter);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        private Object declared(String parameter) {
            return annotation.getValue(parameter).resolve();
        }

        /** {@code maxRetries = 5}, with the property it came from when one set it. */
        String show(String parameter, Object value) {
            MicroProfileConfig.Value v = configured(parameter);
            return parameter + " = " + value + (v == null ? "" : " (from " + v.source() + ")");
        }

        NotAllowed notAllowed(String parameter, Object value, String allowed) {
            return new NotAllowed(show(parameter, value) + " is not allowed; allowed: " + allowed);
        }

        private NotAllowed unparsable(String parameter, MicroProfileConfig.Value v, String allowed) {
            return new NotAllowed(parameter + " = '" + v.text() + "' (from " + v.source()
                    + ") is not allowed; allowed: " + allowed);
        }

        int integer(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            if (v == null) {
                return ((Number) declared(parameter)).intValue();
            }
            try {
                return Integer.parseInt(v.text());
            } catch (NumberFormatException e) {
                throw unparsable(parameter, v, "a whole number");
            }
        }

        long whole(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            if (v == null) {
                return ((Number) declared(parameter)).longValue();
            }
            try {
                return Long.parseLong(v.text());
            } catch (NumberFormatException e) {
                throw unparsable(parameter, v, "a whole number");
            }
        }

        double decimal(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            if (v == null) {
                return ((Number) declared(parameter)).doubleValue();
            }
            try {
                return Double.parseDouble(v.text());
            } catch (NumberFormatException e) {
                throw unparsable(parameter, v, "a number");
            }
        }

        ChronoUnit unit(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            String name = v == null ? ((EnumerationDescription) declared(parameter)).getValue() : v.text();
            try {
                return ChronoUnit.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw unparsable(parameter, v, "a java.time.temporal.ChronoUnit such as MILLIS or SECONDS");
            }
        }

        /** {@code 200 MILLIS}: the amount and its unit as written. */
        String amount(String parameter, String unitParameter) {
            return whole(parameter) + " " + unit(unitParameter).name();
        }

        /** An amount of 0 or more in its unit, in nanos. */
        long duration(String parameter, String unitParameter) {
            long amount = whole(parameter);
            ChronoUnit unit = unit(unitParameter);
            if (amount < 0) {
                throw notAllowed(parameter, amount + " " + unit.name(), "0 or more");
            }
            try {
                return unit.getDuration().multipliedBy(amount).toNanos();
            } catch (ArithmeticException e) {
                throw notAllowed(parameter, amount + " " + unit.name(), "at most 292 years");
            }
        }

        String text(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            return v != null ? v.text() : ((String) declared(parameter)).trim();
        }

        String className(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            return v != null ? v.text() : ((TypeDescription) declared(parameter)).getName();
        }

        /** Class names; a property lists them separated by commas. */
        List<String> classes(String parameter) {
            MicroProfileConfig.Value v = configured(parameter);
            List<String> names = new ArrayList<>();
            if (v == null) {
                for (TypeDescription t : (TypeDescription[]) declared(parameter)) {
                    names.add(t.getName());
                }
            } else {
                for (String n : v.text().split(",")) {
                    if (!n.isBlank()) {
                        names.add(n.trim());
                    }
                }
            }
            return withBulwarkExceptions(names);
        }
    }
}
