package dev.bulwark.agent.instrument.methods;

import dev.bulwark.agent.config.Rules;
import dev.bulwark.agent.config.RulesInForce;
import dev.bulwark.bootstrap.guard.Registry;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The guarded methods of the JVM and the rules in force: turns an instrumented method into a
 * registered site, and plans every site again when the rules change.
 */
public final class MethodSites {
    private final Registry registry;
    private final RulesInForce rules;

    public MethodSites(Registry registry, RulesInForce rules) {
        this.registry = registry;
        this.rules = rules;
    }

    public MethodSites(Registry registry, Rules rules) {
        this(registry, new RulesInForce(rules));
    }

    public Rules rules() {
        return rules.get();
    }

    /** The holder every planner reads, methods' and others'. */
    public RulesInForce rulesInForce() {
        return rules;
    }

    /** Swaps in new rules: every guarded site (methods, and any other kind) is planned again, at once. */
    public synchronized void apply(Rules next) {
        rules.set(next);
        registry.replan();
    }

    synchronized int siteOf(TypeDescription type, MethodDescription method) {
        // Keyed by class name: the same class in two class loaders shares its guards.
        String key = type.getName() + "#" + method.getName() + method.getDescriptor();
        int id = registry.siteId(key);
        if (id >= 0) {
            return id;
        }
        MethodSite site = new MethodSite(key, targetName(type, method), type.getName(), method.getName(),
                method.isPublic(), MethodPolicyReader.read(type, method), fallback(type, method));
        return registry.register(key, () -> MethodPlanner.plan(site, rules.get()));
    }

    private static FallbackReader.Result fallback(TypeDescription type, MethodDescription method) {
        FallbackReader.Result own = FallbackReader.read(type, method);
        return own != null ? own : ForeignAnnotations.fallback(type, method);
    }

    /** {@code com.acme.Orders#place}, with the parameter types only when the name is overloaded. */
    static String targetName(TypeDescription type, MethodDescription method) {
        String name = type.getName() + "#" + method.getName();
        long sameName = type.getDeclaredMethods().stream().filter(m -> m.getName().equals(method.getName())).count();
        if (sameName < 2) {
            return name;
        }
        StringBuilder params = new StringBuilder("(");
        for (var p : method.getParameters().asTypeList().asErasures()) {
            params.append(params.length() > 1 ? "," : "").append(p.getSimpleName());
        }
        return name + params.append(')');
    }
}
