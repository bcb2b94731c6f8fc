package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.MethodRule;
import dev.bulwark.agent.config.PolicyType;
import dev.bulwark.agent.config.Rules;
import dev.bulwark.bootstrap.guard.FallbackPlan;
import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.BulkheadRules;
import dev.bulwark.bootstrap.policy.CircuitBreakerRules;
import dev.bulwark.bootstrap.policy.InvalidRuleException;
import dev.bulwark.bootstrap.policy.RateLimiterRules;
import dev.bulwark.bootstrap.policy.RetryBudgetRules;
import dev.bulwark.bootstrap.policy.RetryRules;
import dev.bulwark.bootstrap.policy.TimeoutRules;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides how one method is guarded under the rules in force. For each policy type, lowest first:
 * built-in defaults, the file's {@code defaults}, the annotation's attributes, the named policy's
 * settings in the file, the settings of the {@code methods:} rules that match (least specific first).
 */
final class MethodPlanner {
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private MethodPlanner() {
    }

    static GuardPlan plan(MethodSite site, Rules rules) {
        FallbackPlan fallback = null;
        if (site.fallback() != null) {
            if (site.fallback().error() != null) {
                return invalid(site, null, null, "@Fallback", site.fallback().error());
            }
            fallback = site.fallback().plan();
        }
        List<MethodRule> matching = rules.rulesFor(site.className(), site.methodName(), site.isPublic());
        Map<PolicyType, String> names = new EnumMap<>(PolicyType.class);
        Map<PolicyType, Object> built = new EnumMap<>(PolicyType.class);
        RetryBudgetRules budget = null;
        for (PolicyType type : PolicyType.values()) {
            AnnotationPolicy annotation = site.annotations().get(type);
            String reference = null;
            Map<String, Object> own = new HashMap<>();
            boolean byRule = false;
            for (MethodRule rule : matching) {
                if (rule.guards(type)) {
                    byRule = true;
                    if (rule.references().containsKey(type)) {
                        reference = rule.references().get(type);
                    }
                    rule.settings().getOrDefault(type, Map.of()).forEach((k, v) -> own.put(k, v.value()));
                }
            }
            if (annotation == null && !byRule) {
                continue;
            }
            String what = annotation != null ? annotation.annotation() : "the " + type.key() + " rule";
            if (annotation != null && annotation.error() != null) {
                return invalid(site, type, annotation.name(), what, annotation.error());
            }
            String name = reference != null ? reference
                    : annotation != null && annotation.name() != null ? annotation.name() : site.target();
            if (annotation != null && annotation.name() != null && reference == null
                    && !rules.hasInstance(type, name) && !rules.typesNaming(name).isEmpty()) {
                reportOnce(name + "/" + type, what + " on " + site.target() + " uses the name '" + name
                        + "', which " + rules.source() + " defines only under " + sections(rules.typesNaming(name))
                        + ", not under " + type.section() + "; this " + type.key()
                        + " runs with the annotation's settings");
            }
            Map<String, Object> values = new HashMap<>(rules.defaultValues(type));
            if (annotation != null) {
                values.putAll(annotation.values());
            }
            values.putAll(rules.instanceValues(type, name));
            values.putAll(own);
            try {
                built.put(type, type.build(values));
                if (type == PolicyType.RETRY) {
                    budget = PolicyType.retryBudget(values);
                }
            } catch (InvalidRuleException e) {
                return invalid(site, type, name, what, e.getMessage());
            }
            names.put(type, name);
        }
        return new GuardPlan(site.target(),
                names.get(PolicyType.CIRCUIT_BREAKER), (CircuitBreakerRules) built.get(PolicyType.CIRCUIT_BREAKER),
                names.get(PolicyType.RETRY), (RetryRules) built.get(PolicyType.RETRY), budget,
                names.get(PolicyType.BULKHEAD), (BulkheadRules) built.get(PolicyType.BULKHEAD),
                names.get(PolicyType.RATE_LIMITER), (RateLimiterRules) built.get(PolicyType.RATE_LIMITER),
                names.get(PolicyType.TIMEOUT), (TimeoutRules) built.get(PolicyType.TIMEOUT),
                fallback, null, null);
    }

    private static GuardPlan invalid(MethodSite site, PolicyType type, String name, String what, String problem) {
        String message = "invalid " + what + " on " + site.target() + ": " + problem
                + ". Every call of this method fails with this message until it is fixed.";
        reportOnce(message, message);
        return GuardPlan.invalid(site.target(), name == null ? site.target() : name, message);
    }

    private static String sections(Set<PolicyType> types) {
        StringBuilder b = new StringBuilder();
        for (PolicyType t : types) {
            b.append(b.length() > 0 ? " and " : "").append(t.section());
        }
        return b.toString();
    }

    private static void reportOnce(String key, String message) {
        if (REPORTED.add(key)) {
            BulwarkLog.error(message);
        }
    }
}
