package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What each key path means, and the message for each kind of key path that means nothing. */
class SchemaTest {
    private static final Origin LINE_1 = Origin.file("bulwark.yaml", 1);

    private static Schema.Key resolve(Object raw, String... path) throws Schema.Unknown {
        return Schema.resolve(new Setting(List.of(path), raw, LINE_1));
    }

    private static String refused(Object raw, String... path) {
        return assertThrows(Schema.Unknown.class, () -> resolve(raw, path)).getMessage();
    }

    @Test
    void anInstanceAttributeResolvesToItsPolicyNameAndAttribute() throws Exception {
        assertEquals(new Schema.InstanceKey(PolicyType.CIRCUIT_BREAKER, "payments",
                PolicyType.CIRCUIT_BREAKER.attributeByKey("failure-rate-threshold")),
                resolve("50", "circuit-breakers", "payments", "failure-rate-threshold"));
    }

    @Test
    void anInstanceWithNothingUnderItKeepsTheDefaults() throws Exception {
        assertEquals(new Schema.InstanceKey(PolicyType.BULKHEAD, "reports", null),
                resolve(Setting.EMPTY, "bulkheads", "reports"));
        assertEquals(new Schema.InstanceKey(PolicyType.RETRY, "payments", null), resolve(null, "retries", "payments"));
    }

    @Test
    void aDefaultResolvesToItsPolicyTypeAndAttribute() throws Exception {
        assertEquals(new Schema.DefaultKey(PolicyType.RETRY, PolicyType.RETRY.attributeByKey("max-attempts")),
                resolve("3", "defaults", "retry", "max-attempts"));
        assertEquals(new Schema.DefaultKey(PolicyType.RETRY, null), resolve(Setting.EMPTY, "defaults", "retry"));
    }

    @Test
    void aMethodResolvesToAReferenceOrAnAttribute() throws Exception {
        MethodPattern pattern = MethodPattern.parse("com.acme.Orders#place");
        Schema.MethodKey reference = (Schema.MethodKey) resolve("payments", "methods", "com.acme.Orders#place", "retry");
        assertEquals(pattern.text(), reference.pattern().text());
        assertEquals(PolicyType.RETRY, reference.type());
        assertEquals(null, reference.attribute());
        Schema.MethodKey own = (Schema.MethodKey) resolve("5", "methods", "com.acme.Orders#place", "bulkhead",
                "max-concurrent-calls");
        assertEquals(PolicyType.BULKHEAD.attributeByKey("max-concurrent-calls"), own.attribute());
    }

    @Test
    void aTargetSwitchAndAnEmptySectionResolve() throws Exception {
        assertEquals(new Schema.TargetKey("jdbc", "enabled"), resolve("false", "jdbc", "enabled"));
        assertEquals(new Schema.EmptyKey(), resolve(Setting.EMPTY, "retries"));
        assertEquals(new Schema.EmptyKey(), resolve(null, "methods"));
    }

    @Test
    void anEmptyPathIsNoSection() {
        assertEquals("the file must be a mapping of sections", refused("x"));
    }

    @Test
    void anUnknownSectionIsNamedWithASuggestionAndWhatIsAllowed() {
        assertEquals("unknown key 'retrys' at the top level. Did you mean 'retries'? Allowed: defaults, "
                + "circuit-breakers, retries, bulkheads, rate-limiters, timeouts, methods, jdbc, http, messaging, telemetry, environments",
                refused("3", "retrys", "payments", "max-attempts"));
    }

    @Test
    void anUnknownSectionFarFromAnyIsNamedWithoutASuggestion() {
        assertEquals("unknown key 'throttles' at the top level. Allowed: defaults, circuit-breakers, retries, "
                + "bulkheads, rate-limiters, timeouts, methods, jdbc, http, messaging, telemetry, environments", refused("1s", "throttles", "x"));
    }

    @Test
    void aSectionMustBeAMapping() {
        assertEquals("retries must be a mapping, not the value '5'", refused("5", "retries"));
        assertEquals("bulkheads must be a mapping, not a list", refused(List.of("a"), "bulkheads"));
    }

    @Test
    void anUnknownPolicyTypeUnderDefaultsIsNamed() {
        assertEquals("unknown key 'retrys' under defaults. Did you mean 'retry'? Allowed: circuit-breaker, retry, "
                + "bulkhead, rate-limiter, timeout", refused("3", "defaults", "retrys", "max-attempts"));
    }

    @Test
    void defaultsOfAPolicyTypeMustBeAMapping() {
        assertEquals("defaults.bulkhead must be a mapping of the default settings of every bulkhead, not the value "
                + "'10'", refused("10", "defaults", "bulkhead"));
    }

    @Test
    void aNamedPolicyMustBeAMapping() {
        assertEquals("retries.payments must be a mapping of the settings of retry 'payments', not the value '3'",
                refused("3", "retries", "payments"));
        assertEquals("circuit-breakers.payments must be a mapping of the settings of circuit-breaker 'payments', "
                + "not a list", refused(List.of("10"), "circuit-breakers", "payments"));
    }

    @Test
    void anUnknownAttributeIsNamedWithASuggestionAndEveryAttributeOfItsPolicy() {
        assertEquals("unknown key 'max-attempt' under retries.payments. Did you mean 'max-attempts'? Allowed: "
                + "max-attempts, wait-duration, backoff-multiplier, max-wait-duration, jitter-factor, max-duration, "
                + "retry-on, abort-on, budget-percent, min-retry-concurrency", refused("3", "retries", "payments", "max-attempt"));
        assertEquals("unknown key 'max-calls' under defaults.bulkhead. Allowed: max-concurrent-calls, "
                + "max-wait-duration, adaptive, min-concurrent-calls", refused("3", "defaults", "bulkhead", "max-calls"));
    }

    @Test
    void anAttributeHasNoKeysUnderIt() {
        assertEquals("retries.payments.max-attempts is a plain value, it has no keys under it",
                refused("3", "retries", "payments", "max-attempts", "value"));
        assertEquals("methods.\"com.acme.Orders#place\".retry.max-attempts is a plain value, it has no keys under it",
                refused("3", "methods", "com.acme.Orders#place", "retry", "max-attempts", "value"));
    }

    @Test
    void aBadMethodPatternSaysWhatAPatternMayLookLike() {
        assertEquals("methods: 'com.acme.Orders#' is not a method pattern; allowed: a class or package pattern with "
                + "an optional #method, such as com.acme.Orders#place, com.acme.Orders#get*, com.acme.Orders, "
                + "com.acme.* or com.acme.**", refused("payments", "methods", "com.acme.Orders#", "retry"));
    }

    @Test
    void aMethodRuleMustNameAPolicy() {
        assertEquals("methods.\"com.acme.Orders#place\" must name at least one policy: circuit-breaker:, retry: or "
                + "bulkhead:", refused(Setting.EMPTY, "methods", "com.acme.Orders#place"));
    }

    @Test
    void aMethodRuleNamesOnlyKnownPolicyTypes() {
        assertEquals("unknown key 'retrys' under methods.\"com.acme.Orders#place\". Did you mean 'retry'? Allowed: "
                + "circuit-breaker, retry, bulkhead, rate-limiter, timeout", refused("payments", "methods", "com.acme.Orders#place",
                        "retrys"));
    }

    @Test
    void aMethodRuleReferenceIsOneNameNotAList() {
        assertEquals("methods.\"com.acme.Orders#place\".retry must be the name of a retry defined under retries, or "
                + "a mapping of its settings, not a list", refused(List.of("payments"), "methods",
                        "com.acme.Orders#place", "retry"));
    }

    @Test
    void environmentsBelowTheTopLevelAreRefused() {
        assertEquals("environments may only appear at the top level of the file",
                refused("5", "environments", "production", "retries", "payments", "max-attempts"));
        assertEquals("environments must be a mapping, not the value 'production'", refused("production",
                "environments"));
    }

    @Test
    void anUnknownJdbcKeyIsNamedWithASuggestion() {
        assertEquals("unknown key 'enable' under jdbc. Did you mean 'enabled'? Allowed: enabled, retry-sql-states, "
                + "statement-timeout, pool, defaults, databases", refused("true", "jdbc", "enable"));
    }

    @Test
    void aJdbcDatabasePatternMustBeAJdbcUrl() {
        assertEquals("jdbc.databases.\"postgres://db1/*\": 'postgres://db1/*' is not a database pattern; allowed: a JDBC "
                + "URL without credentials or parameters, where * stands for any characters, such as "
                + "jdbc:postgresql://db1:5432/* or jdbc:h2:mem:*",
                refused("3", "jdbc", "databases", "postgres://db1/*", "retry", "max-attempts"));
    }

    @Test
    void aJdbcPolicyIsOneADatabaseCanHave() {
        assertEquals("unknown key 'timeout' under jdbc.defaults. Allowed: circuit-breaker, retry, bulkhead",
                refused("1s", "jdbc", "defaults", "timeout", "duration"));
    }

    @Test
    void anUnknownMessagingKeyIsNamedWithWhatIsAllowed() {
        assertEquals("unknown key 'timeout' under messaging. Allowed: enabled, rabbitmq",
                refused("2s", "messaging", "timeout"));
    }

    @Test
    void anUnknownHttpKeyIsNamedWithWhatIsAllowed() {
        assertEquals("unknown key 'timeout' under http. Allowed: enabled, failure-status-codes, retry-methods, defaults, "
                + "hosts, services", refused("2s", "http", "timeout"));
    }

    @Test
    void aTargetSwitchHasNoKeysUnderIt() {
        assertEquals("messaging.enabled is a plain value, it has no keys under it",
                refused("true", "messaging", "enabled", "value"));
    }
}
