package dev.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rate limiter, timeout, fallback and retry budget with the real agent jar, on {@code dev.bulwark.it.app.policies}. */
class PolicySetIT {
    private static final String APP = "dev.bulwark.it.app.policies.PolicyApp";
    private static final String PKG = "dev.bulwark.it.app.policies.";

    static List<Path> jdks() {
        return AgentJvm.jdks();
    }

    private static AgentJvm.Result run(Path jdk, String scenario) throws Exception {
        AgentJvm.Result result = AgentJvm.run(jdk, List.of(), APP, scenario);
        assertEquals(0, result.exitCode(), () -> "the application failed:\n" + result);
        assertTrue(result.outLines().contains("attached=true"), () -> "agent not attached:\n" + result);
        return result;
    }

    private static void assertLine(AgentJvm.Result result, String line) {
        assertTrue(result.outLines().contains(line), () -> "no line '" + line + "'\n" + result);
    }

    private static String lineStartingWith(AgentJvm.Result result, String prefix) {
        return result.outLines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "'\n" + result));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void rateLimiterRejectsTheCallOverItsLimitWithoutRunningIt(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "rate-limiter");
        for (int i = 1; i <= 3; i++) {
            assertLine(r, "call " + i + "=ACME 42.00");
        }
        assertLine(r, "call 4 rejected policy=quotes");
        // A permit counts for more than one period and at most 21/20 of one (20 buckets, strict side):
        // taken a moment ago, the first one frees after almost an hour and at most 63 minutes.
        long retryAfter = Long.parseLong(lineStartingWith(r, "retry-after-ms=").substring("retry-after-ms=".length()));
        assertTrue(retryAfter > Duration.ofMinutes(59).toMillis() && retryAfter <= Duration.ofMinutes(63).toMillis(),
                () -> "retryAfter " + retryAfter + "ms\n" + r);
        assertLine(r, "body-ran=3");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void rateLimitRejectionNamesTheLimitAndThePeriodAsWritten(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "rate-limiter");
        assertTrue(lineStartingWith(r, "message=").startsWith("message=Bulwark rate limiter 'quotes' has no permit: "
                + "call to " + PKG + "Quotes#quote rejected; 3 calls allowed per 1h, next permit in "), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timeoutInterruptsTheSlowCallAndLeavesTheCallerUninterrupted(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "timeout");
        assertLine(r, "slow rejected policy=slow timeout-ms=200");
        assertLine(r, "message=Bulwark timeout 'slow': call to " + PKG + "SlowService#sleep ran longer than 200ms "
                + "and was abandoned");
        assertLine(r, "slow interrupted-in-method=1");
        assertLine(r, "slow caller-interrupted=false");
        assertLine(r, "fast=slept 1ms");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aTimedOutAttemptIsRetried(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "timeout");
        String target = PKG + "SlowService#sleepWithRetry";
        assertLine(r, "retry=threw TimeoutExceededException: Bulwark timeout '" + target + "': call to " + target
                + " ran longer than 200ms and was abandoned attempts=2");
        assertLine(r, "retry caller-interrupted=false");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timeoutsCountAsFailuresOfTheBreaker(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "timeout");
        assertLine(r, "breaker call 1=threw TimeoutExceededException: Bulwark timeout '" + PKG
                + "SlowService#sleepBehindBreaker': call to " + PKG + "SlowService#sleepBehindBreaker ran longer than "
                + "200ms and was abandoned");
        assertTrue(lineStartingWith(r, "breaker call 2=").startsWith("breaker call 2=threw TimeoutExceededException"),
                r::toString);
        assertTrue(lineStartingWith(r, "breaker call 3=").startsWith("breaker call 3=threw CircuitBreakerOpenException: "
                + "Bulwark circuit breaker 'slow-breaker' is OPEN: call to " + PKG + "SlowService#sleepBehindBreaker "
                + "rejected"), r::toString);
        assertLine(r, "breaker attempts=2");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void fallbackMethodsReplaceFailures(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "fallback");
        assertLine(r, "price=cached price of apple body-ran=1");
        assertLine(r, "explained=fallback for pear after IllegalStateException: no price for pear");
        assertLine(r, "stock known=7");
        assertLine(r, "stock unknown=-1");
        assertLine(r, "publish=returned normally dropped=[hello (broker down)]");
        assertLine(r, "rate=1.5");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anOpenBreakerFallsBackWithItsRejection(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "fallback");
        assertLine(r, "breaker-fallback 1=fallback for plum after IllegalStateException: down #1");
        assertLine(r, "breaker-fallback 2=fallback for plum after IllegalStateException: down #2");
        assertTrue(lineStartingWith(r, "breaker-fallback 3=").startsWith("breaker-fallback 3=fallback for plum after "
                + "CircuitBreakerOpenException: Bulwark circuit breaker 'prices' is OPEN: call to " + PKG
                + "Prices#guardedPrice rejected"), r::toString);
        assertLine(r, "breaker body-ran=2");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFallbackHandlerGetsTheTargetArgumentsAndFailure(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "fallback");
        assertLine(r, "handled=handler target=" + PKG + "Prices#handled arguments=[fig, 3] "
                + "failure=IllegalStateException: handled service down");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void applyOnAndSkipOnChooseTheFailuresThatFallBack(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "fallback");
        assertLine(r, "selective state=fallback for state");
        // CancellationException is an IllegalStateException: skipOn wins over applyOn.
        assertLine(r, "selective cancelled=threw CancellationException: cancelled");
        assertLine(r, "selective argument=threw IllegalArgumentException: argument");
        assertLine(r, "selective none=ran none");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFailingFallbackThrowsItsOwnExceptionWithTheOriginalSuppressed(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "fallback");
        assertLine(r, "unavailable threw fallback down too suppressed=[IllegalStateException: primary down]");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anInvalidFallbackIsReportedOnceAndFailsEveryCall(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "invalid-fallback");
        String every = ". Every call of this method fails with this message until it is fixed.";
        String missing = "invalid @Fallback on " + PKG + "BadFallbacks#noSuchFallback: method = \"missing\" is not "
                + "allowed: no method of that name exists; allowed: a method of " + PKG + "BadFallbacks named missing "
                + "taking (String) or (String, Throwable), returning String" + every;
        String mismatched = "invalid @Fallback on " + PKG + "BadFallbacks#mismatched: method = \"wrongParameters\" is "
                + "not allowed: found String wrongParameters(int); allowed: a method of " + PKG + "BadFallbacks named "
                + "wrongParameters taking (String) or (String, Throwable), returning String" + every;
        String notStatic = "invalid @Fallback on " + PKG + "BadFallbacks#staticWithInstanceFallback: method = "
                + "\"instanceOnly\" is not allowed: found String instanceOnly(String); allowed: a method of " + PKG
                + "BadFallbacks named instanceOnly taking (String) or (String, Throwable), returning String, static "
                + "like the method it stands in for" + every;
        for (String message : List.of(missing, mismatched, notStatic)) {
            assertEquals(1, count(r.err(), "[bulwark] ERROR " + message), () -> "reported once: " + message + "\n" + r);
        }
        assertEquals(2, count(r.out(), "noSuchFallback threw InvalidPolicyException: " + missing + "\n"), r::toString);
        assertEquals(2, count(r.out(), "mismatched threw InvalidPolicyException: " + mismatched + "\n"), r::toString);
        assertEquals(2, count(r.out(), "static threw InvalidPolicyException: " + notStatic + "\n"), r::toString);
        assertLine(r, "body-ran=0");
    }

    /**
     * Twenty calls fail at once and each may retry four times: 100 attempts without a budget (the
     * control shows exactly that). The app gates the body so that all twenty first failures ask for
     * their retry while no granted retry has ended yet. Calls in flight never exceed 20, so the
     * bound max(minRetryConcurrency 1, floor(20% of calls)) is at most 4: at most 4 first failures
     * get a retry, at least 16 are refused, and at most 4 calls make their 4 retries: 20 + 4 * 4 = 36
     * attempts at most. The very first request sees no retry in flight, so at least one is granted.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aRetryBudgetStopsARetryStorm(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "retry-budget");
        Matcher budgeted = storm(r, "storm");
        int invocations = Integer.parseInt(budgeted.group(1));
        int rejections = Integer.parseInt(budgeted.group(2));
        assertEquals("20", budgeted.group(3), () -> "every caller gets the failure\n" + r);
        assertEquals("0", budgeted.group(4), r::toString);
        assertTrue(invocations >= 21 && invocations <= 36, () -> "invocations " + invocations + "\n" + r);
        assertTrue(rejections >= 16, () -> "budget rejections " + rejections + "\n" + r);

        Matcher control = storm(r, "unbudgeted");
        assertEquals("100", control.group(1), r::toString);
        assertEquals("0", control.group(2), r::toString);
        assertEquals("20", control.group(3), r::toString);
        assertEquals("0", control.group(4), r::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyRetryAttemptPassesTheRateLimiter(Path jdk) throws Exception {
        AgentJvm.Result r = run(jdk, "order");
        assertLine(r, "rejected policy=limited after invocations=2 suppressed=IllegalStateException: attempt #2");
    }

    private static Matcher storm(AgentJvm.Result r, String policy) {
        Matcher m = Pattern.compile("storm " + Pattern.quote(policy)
                + " invocations=(\\d+) budget-rejections=(\\d+) failures=(\\d+) gate-timeouts=(\\d+)")
                .matcher(lineStartingWith(r, "storm " + policy + " "));
        assertTrue(m.matches(), r::toString);
        return m;
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
