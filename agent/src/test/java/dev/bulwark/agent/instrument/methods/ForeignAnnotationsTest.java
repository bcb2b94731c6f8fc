package dev.bulwark.agent.instrument.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.annotations.SlidingWindowType;
import dev.bulwark.bootstrap.guard.FallbackPlan;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** MicroProfile Fault Tolerance and Resilience4j annotations, read from the class file as Bulwark settings. */
class ForeignAnnotationsTest {
    private static final String MP = "@org.eclipse.microprofile.faulttolerance.";
    private static final String MP_CLASS = ForeignFixtures.MicroProfile.class.getName();
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static MethodDescription method(Class<?> type, String name) {
        return TypeDescription.ForLoadedType.of(type).getDeclaredMethods()
                .filter(m -> m.getName().equals(name)).getOnly();
    }

    private static Map<PolicyType, AnnotationPolicy> read(Class<?> type, String method, String... properties) {
        return ForeignAnnotations.read(TypeDescription.ForLoadedType.of(type), method(type, method), config(properties));
    }

    private static AnnotationPolicy policy(Class<?> type, String method, PolicyType kind, String... properties) {
        return read(type, method, properties).get(kind);
    }

    private static FallbackReader.Result fallback(Class<?> type, String method, String... properties) {
        return ForeignAnnotations.fallback(TypeDescription.ForLoadedType.of(type), method(type, method),
                config(properties));
    }

    private static MicroProfileConfig config(String... properties) {
        Properties p = new Properties();
        for (String property : properties) {
            int eq = property.indexOf('=');
            p.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
        return new MicroProfileConfig(p, Map.of());
    }

    @Test
    void microProfileRetryDefaultsBecomeBulwarkSettings() {
        AnnotationPolicy retry = policy(ForeignFixtures.MicroProfile.class, "retryDefaults", PolicyType.RETRY);
        assertEquals(MP + "Retry", retry.annotation());
        assertNull(retry.name(), "MicroProfile has no names: every method has its own policy");
        assertNull(retry.error());
        assertEquals(Map.of("maxAttempts", 4, "waitDuration", 0L, "maxDuration", 180_000L * MS, "jitterFactor", 0.0,
                "retryOn", List.of("java.lang.Exception"), "abortOn", List.of()), retry.values());
    }

    @Test
    void microProfileRetryJitterBecomesAFractionOfTheDelay() {
        Map<String, Object> values = policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY).values();
        assertEquals(3, values.get("maxAttempts"));
        assertEquals(400 * MS, values.get("waitDuration"));
        assertEquals(5 * SECOND, values.get("maxDuration"));
        assertEquals(0.25, values.get("jitterFactor"));
        assertEquals(List.of("java.io.IOException"), values.get("retryOn"));
    }

    @Test
    void aJitterLargerThanTheDelayIsCappedAtTheDelay() {
        assertEquals(1.0, policy(ForeignFixtures.MicroProfile.class, "retryForever", PolicyType.RETRY).values()
                .get("jitterFactor"));
    }

    @Test
    void unlimitedRetriesBecomeTheLargestNumberOfAttempts() {
        assertEquals(Integer.MAX_VALUE, policy(ForeignFixtures.MicroProfile.class, "retryForever", PolicyType.RETRY)
                .values().get("maxAttempts"));
    }

    @Test
    void durationsAreReadInTheirUnits() {
        Map<String, Object> values = policy(ForeignFixtures.MicroProfile.class, "retryInSeconds", PolicyType.RETRY)
                .values();
        assertEquals(2 * SECOND, values.get("waitDuration"));
        assertEquals(0L, values.get("maxDuration"));
    }

    @Test
    void microProfileExceptionsAlsoNameTheBulwarkExceptionThrownInTheirPlace() {
        assertEquals(List.of("org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException",
                "dev.bulwark.annotations.CircuitBreakerOpenException"),
                policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY).values().get("abortOn"));
    }

    @Test
    void retriesBelowMinusOneAreReportedInMicroProfileTerms() {
        assertEquals("maxRetries = -2 is not allowed; allowed: -1 (no limit) or a whole number of 0 or more",
                policy(ForeignFixtures.MicroProfile.class, "tooFewRetries", PolicyType.RETRY).error());
    }

    @Test
    void aMaxDurationNotLongerThanTheDelayIsReported() {
        assertEquals("maxDuration = 1000 MILLIS is not allowed; allowed: 0 (no bound) or longer than delay (1000 MILLIS)",
                policy(ForeignFixtures.MicroProfile.class, "maxDurationNotAboveDelay", PolicyType.RETRY).error());
    }

    @Test
    void microProfileBreakerBecomesACountWindowOfTheRequestVolume() {
        AnnotationPolicy breaker = policy(ForeignFixtures.MicroProfile.class, "breaker", PolicyType.CIRCUIT_BREAKER);
        assertNull(breaker.error());
        assertEquals(Map.of("slidingWindowType", SlidingWindowType.COUNT, "slidingWindowSize", 4,
                "minimumNumberOfCalls", 4, "failureRateThreshold", 75.0, "waitDurationInOpenState", 1000 * MS,
                "permittedNumberOfCallsInHalfOpenState", 2, "recordExceptions", List.of("java.io.IOException"),
                "ignoreExceptions", List.of("java.lang.IllegalArgumentException")), breaker.values());
    }

    @Test
    void microProfileBreakerDefaults() {
        Map<String, Object> values = policy(ForeignFixtures.MicroProfile.class, "breakerDefaults",
                PolicyType.CIRCUIT_BREAKER).values();
        assertEquals(20, values.get("slidingWindowSize"));
        assertEquals(20, values.get("minimumNumberOfCalls"));
        assertEquals(50.0, values.get("failureRateThreshold"));
        assertEquals(5 * SECOND, values.get("waitDurationInOpenState"));
        assertEquals(1, values.get("permittedNumberOfCallsInHalfOpenState"));
        assertEquals(List.of("java.lang.Throwable"), values.get("recordExceptions"));
        assertEquals(List.of(), values.get("ignoreExceptions"));
    }

    @Test
    void aFailureRatioOfZeroIsReported() {
        assertEquals("failureRatio = 0.0 is not allowed; allowed: a number above 0 and at most 1",
                policy(ForeignFixtures.MicroProfile.class, "breakerRatioZero", PolicyType.CIRCUIT_BREAKER).error());
    }

    @Test
    void aBreakerDelayOfZeroTurnsHalfOpenAtOnce() {
        assertEquals(1L, policy(ForeignFixtures.MicroProfile.class, "breakerWithoutDelay", PolicyType.CIRCUIT_BREAKER)
                .values().get("waitDurationInOpenState"));
    }

    @Test
    void microProfileBulkheadRefusesAtOnceAndIgnoresTheQueue() {
        assertEquals(Map.of("maxConcurrentCalls", 3, "maxWaitDuration", 0L),
                policy(ForeignFixtures.MicroProfile.class, "bulkhead", PolicyType.BULKHEAD).values());
    }

    @Test
    void microProfileTimeout() {
        assertEquals(Map.of("value", 2 * SECOND),
                policy(ForeignFixtures.MicroProfile.class, "timeout", PolicyType.TIMEOUT).values());
        assertEquals("value = 0 MILLIS is not allowed; allowed: above 0",
                policy(ForeignFixtures.MicroProfile.class, "timeoutZero", PolicyType.TIMEOUT).error());
    }

    @Test
    void asynchronousAloneAsksForNoPolicy() {
        assertEquals(Map.of(), read(ForeignFixtures.MicroProfile.class, "asynchronousOnly"));
        assertFalse(ForeignAnnotations.NAMES.contains("org.eclipse.microprofile.faulttolerance.Asynchronous"));
    }

    @Test
    void aMethodPropertyOverridesTheAnnotation() {
        assertEquals(8, policy(ForeignFixtures.MicroProfile.class, "retryDefaults", PolicyType.RETRY,
                MP_CLASS + "/retryDefaults/Retry/maxRetries=7", "Retry/maxRetries=1").values().get("maxAttempts"));
    }

    @Test
    void aGlobalPropertyOverridesEveryAnnotationOfItsKind() {
        Map<String, Object> values = policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY,
                "Retry/maxRetries=1", "Retry/delay=2", "Retry/delayUnit=SECONDS", "Retry/retryOn=java.lang.Error, java.io.IOException")
                .values();
        assertEquals(2, values.get("maxAttempts"));
        assertEquals(2 * SECOND, values.get("waitDuration"));
        assertEquals(List.of("java.lang.Error", "java.io.IOException"), values.get("retryOn"));
    }

    @Test
    void aClassPropertyDoesNotReachAnAnnotationOnTheMethod() {
        assertEquals(4, policy(ForeignFixtures.MicroProfile.class, "retryDefaults", PolicyType.RETRY,
                MP_CLASS + "/Retry/maxRetries=7").values().get("maxAttempts"));
    }

    @Test
    void aClassAnnotationIsOverriddenByClassPropertiesNotMethodProperties() {
        String type = ForeignFixtures.ClassLevel.class.getName();
        assertEquals(8, policy(ForeignFixtures.ClassLevel.class, "inherits", PolicyType.RETRY,
                type + "/Retry/maxRetries=7", type + "/inherits/Retry/maxRetries=2").values().get("maxAttempts"));
    }

    @Test
    void anUnreadablePropertyIsReportedNamingIt() {
        assertEquals("maxRetries = 'many' (from system property Retry/maxRetries) is not allowed; allowed: a whole number",
                policy(ForeignFixtures.MicroProfile.class, "retryDefaults", PolicyType.RETRY, "Retry/maxRetries=many")
                        .error());
        assertEquals("maxRetries = -3 (from system property Retry/maxRetries) is not allowed; allowed: -1 (no limit) "
                + "or a whole number of 0 or more", policy(ForeignFixtures.MicroProfile.class, "retryDefaults",
                        PolicyType.RETRY, "Retry/maxRetries=-3").error());
    }

    @Test
    void anEnvironmentVariableOverridesLikeMicroProfileConfig() {
        MicroProfileConfig config = new MicroProfileConfig(new Properties(), Map.of("RETRY_MAXRETRIES", "0"));
        assertEquals(1, ForeignAnnotations.read(TypeDescription.ForLoadedType.of(ForeignFixtures.MicroProfile.class),
                method(ForeignFixtures.MicroProfile.class, "retryDefaults"), config).get(PolicyType.RETRY).values()
                .get("maxAttempts"));
    }

    @Test
    void aDisabledAnnotationAsksForNothing() {
        assertNull(policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY,
                MP_CLASS + "/retry/Retry/enabled=false"));
        assertNull(policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY, "Retry/enabled=false"));
        assertNull(policy(ForeignFixtures.MicroProfile.class, "retry", PolicyType.RETRY,
                "Retry/enabled=false", MP_CLASS + "/Retry/enabled=false"));
    }

    @Test
    void theMostSpecificEnabledPropertyWins() {
        assertTrue(read(ForeignFixtures.MicroProfile.class, "retry", "Retry/enabled=false",
                MP_CLASS + "/retry/Retry/enabled=true").containsKey(PolicyType.RETRY));
    }

    @Test
    void nonFallbackDisabledLeavesOnlyFallbackAndWhatIsEnabledByName() {
        assertEquals(Map.of(), read(ForeignFixtures.MicroProfile.class, "bulkhead",
                "MP_Fault_Tolerance_NonFallback_Enabled=false"));
        assertTrue(read(ForeignFixtures.MicroProfile.class, "bulkhead", "MP_Fault_Tolerance_NonFallback_Enabled=false",
                "Bulkhead/enabled=true").containsKey(PolicyType.BULKHEAD));
        assertTrue(fallback(ForeignFixtures.Fallbacks.class, "withMethod",
                "MP_Fault_Tolerance_NonFallback_Enabled=false").plan() != null);
    }

    @Test
    void aClassAnnotationCoversPublicMethodsWithoutTheirOwn() {
        assertEquals(6, policy(ForeignFixtures.ClassLevel.class, "inherits", PolicyType.RETRY).values()
                .get("maxAttempts"));
        assertEquals(2, policy(ForeignFixtures.ClassLevel.class, "overrides", PolicyType.RETRY).values()
                .get("maxAttempts"));
        assertEquals(Map.of(), read(ForeignFixtures.ClassLevel.class, "packagePrivate"));
    }

    @Test
    void anAnnotationOnTheMethodWinsOverOneOnTheClassWhateverTheLibrary() {
        AnnotationPolicy retry = policy(ForeignFixtures.ClassLevel.class, "resilience4jOnMethod", PolicyType.RETRY);
        assertEquals("method-retry", retry.name());
        assertEquals("class-breaker", policy(ForeignFixtures.ClassLevel.class, "resilience4jOnMethod",
                PolicyType.CIRCUIT_BREAKER).name());
    }

    @Test
    void microProfileWinsOverResilience4jInTheSamePlace() {
        assertEquals(MP + "Retry", policy(ForeignFixtures.MicroProfile.class, "bothLibraries", PolicyType.RETRY)
                .annotation());
    }

    @Test
    void bulwarksOwnAnnotationWinsOverAForeignOne() {
        TypeDescription type = TypeDescription.ForLoadedType.of(ForeignFixtures.Mixed.class);
        AnnotationPolicy retry = MethodPolicyReader.read(type, method(ForeignFixtures.Mixed.class, "bulwarkWins"))
                .get(PolicyType.RETRY);
        assertEquals("@Retry", retry.annotation());
        assertEquals(Map.of("maxAttempts", 7), retry.values());
    }

    @Test
    void microProfileFallbackMethodBecomesTheFallback() {
        FallbackReader.Result result = fallback(ForeignFixtures.Fallbacks.class, "withMethod");
        assertNull(result.error());
        assertEquals(new FallbackPlan("recover", List.of("java.lang.String"), false, null,
                List.of("java.io.IOException"),
                List.of("org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException",
                        "dev.bulwark.annotations.CircuitBreakerOpenException")), result.plan());
        assertTrue(ForeignAnnotations.hasFallback(method(ForeignFixtures.Fallbacks.class, "withMethod")));
        assertFalse(ForeignAnnotations.hasFallback(method(ForeignFixtures.Fallbacks.class, "without")));
        assertNull(fallback(ForeignFixtures.Fallbacks.class, "without"));
    }

    @Test
    void aPropertyCanNameAnotherFallbackMethodOrDisableIt() {
        String key = ForeignFixtures.Fallbacks.class.getName() + "/withMissing/Fallback/";
        assertEquals("recover", fallback(ForeignFixtures.Fallbacks.class, "withMissing", key + "fallbackMethod=recover")
                .plan().method());
        assertNull(fallback(ForeignFixtures.Fallbacks.class, "withMissing", key + "enabled=false"));
    }

    @Test
    void aFallbackHandlerClassIsReportedAsUnsupported() {
        assertEquals("value = " + ForeignFixtures.Handler.class.getName() + ".class is not supported: Bulwark does not "
                + "run MicroProfile FallbackHandler classes; allowed: fallbackMethod naming a method of "
                + ForeignFixtures.Fallbacks.class.getName() + " with the same parameters",
                fallback(ForeignFixtures.Fallbacks.class, "withHandler").error());
    }

    @Test
    void aHandlerAndAMethodTogetherAreReported() {
        assertTrue(fallback(ForeignFixtures.Fallbacks.class, "withBoth").error()
                .endsWith("are not allowed together; allowed: one of them, and Bulwark supports fallbackMethod"));
    }

    @Test
    void aFallbackNamingNothingIsReported() {
        assertEquals("fallbackMethod = \"\" is not allowed; allowed: the name of a method of "
                + ForeignFixtures.Fallbacks.class.getName() + " with the same parameters",
                fallback(ForeignFixtures.Fallbacks.class, "withNeither").error());
        assertTrue(fallback(ForeignFixtures.Fallbacks.class, "withMissing").error().startsWith(
                "MicroProfile fallbackMethod = \"missing\" is not allowed: no method of that name exists; allowed: "
                        + "a method of " + ForeignFixtures.Fallbacks.class.getName() + " named missing taking (String) or "
                        + "(String, Throwable), returning String"));
    }

    @Test
    void microProfileFallbackWinsOverResilience4jFallback() {
        assertEquals("recover", fallback(ForeignFixtures.Fallbacks.class, "fromBothLibraries").plan().method());
    }

    @Test
    void resilience4jAnnotationsNameTheBulwarkPolicyAndSetNothing() {
        Map<PolicyType, AnnotationPolicy> policies = read(ForeignFixtures.Resilience4j.class, "everything");
        assertEquals(new AnnotationPolicy("@io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker",
                "payments", Map.of(), null), policies.get(PolicyType.CIRCUIT_BREAKER));
        assertEquals("payments-retry", policies.get(PolicyType.RETRY).name());
        assertEquals("pool", policies.get(PolicyType.BULKHEAD).name());
        assertEquals("limited", policies.get(PolicyType.RATE_LIMITER).name());
        assertEquals(new AnnotationPolicy("@io.github.resilience4j.timelimiter.annotation.TimeLimiter", "slow",
                Map.of(), null), policies.get(PolicyType.TIMEOUT));
        assertFalse(ForeignAnnotations.hasFallback(method(ForeignFixtures.Resilience4j.class, "everything")));
    }

    @Test
    void aBlankResilience4jNameIsReported() {
        assertEquals("name = \"\" is not allowed; allowed: the name of a retry, set under retries in bulwark.yaml or "
                + "left to the defaults", policy(ForeignFixtures.Resilience4j.class, "blankName", PolicyType.RETRY)
                        .error());
    }

    @Test
    void aRateLimiterTakingSeveralPermitsIsReported() {
        assertEquals("permits = 5 is not allowed; allowed: 1 (Bulwark takes one permit per call)",
                policy(ForeignFixtures.Resilience4j.class, "manyPermits", PolicyType.RATE_LIMITER).error());
    }

    @Test
    void resilience4jFallbackTakesTheFailureAsItsLastParameter() {
        assertTrue(ForeignAnnotations.hasFallback(method(ForeignFixtures.Resilience4j.class, "withFallback")));
        assertEquals(new FallbackPlan("recover", List.of("java.lang.String"), true, null, List.of(), List.of()),
                fallback(ForeignFixtures.Resilience4j.class, "withFallback").plan());
    }

    @Test
    void aResilience4jFallbackWithoutTheFailureParameterIsReported() {
        assertEquals("Resilience4j fallbackMethod = \"plain\" is not allowed: found String plain(String); allowed: a "
                + "method of " + ForeignFixtures.Resilience4j.class.getName() + " named plain taking (String, Throwable), "
                + "returning String", fallback(ForeignFixtures.Resilience4j.class, "withoutFailureParameter").error());
    }

    @Test
    void aResilience4jFallbackWithANarrowerFailureTypeIsReportedWithAHint() {
        assertTrue(fallback(ForeignFixtures.Resilience4j.class, "withNarrowFallback").error().contains(
                "found String narrow(String, IOException) (the failure is passed as a Throwable, so the last "
                        + "parameter must be declared Throwable)"));
    }

    @Test
    void twoDifferentResilience4jFallbacksOnOneMethodAreReported() {
        assertEquals("Resilience4j fallbackMethod differs between annotations (@CircuitBreaker names \"recover\", "
                + "@Retry names \"plain\") and is not allowed; allowed: one fallback method per method, which Bulwark "
                + "calls outermost", fallback(ForeignFixtures.Resilience4j.class, "withTwoFallbacks").error());
    }

    @Test
    void aResilience4jClassAnnotationGivesEveryPublicMethodItsFallback() {
        assertTrue(ForeignAnnotations.hasFallback(method(ForeignFixtures.Resilience4jClassLevel.class, "call")));
        assertEquals("recover", fallback(ForeignFixtures.Resilience4jClassLevel.class, "call").plan().method());
        assertEquals("all", policy(ForeignFixtures.Resilience4jClassLevel.class, "call", PolicyType.CIRCUIT_BREAKER)
                .name());
    }

    @Test
    void systemPropertiesAreReadWhenTheAnnotationIsRead() {
        String key = MP_CLASS + "/timeout/Timeout/value";
        System.setProperty(key, "3");
        try {
            TypeDescription type = TypeDescription.ForLoadedType.of(ForeignFixtures.MicroProfile.class);
            assertEquals(Map.of("value", 3 * SECOND), ForeignAnnotations.read(type,
                    method(ForeignFixtures.MicroProfile.class, "timeout")).get(PolicyType.TIMEOUT).values());
        } finally {
            System.clearProperty(key);
        }
    }
}
