package dev.bulwark.agent.instrument.methods;

import dev.bulwark.bootstrap.guard.GuardPlan;
import dev.bulwark.bootstrap.guard.Registry;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Turns an instrumented method into a registered site: reads its annotations once, registers its plan. */
final class MethodSites {
    private final Registry registry;

    MethodSites(Registry registry) {
        this.registry = registry;
    }

    int siteOf(TypeDescription type, MethodDescription method) {
        // Keyed by class name: the same class in two class loaders shares its guards.
        String key = type.getName() + "#" + method.getName() + method.getDescriptor();
        int id = registry.siteId(key);
        if (id >= 0) {
            return id;
        }
        GuardPlan plan = MethodPolicyReader.read(type, method, targetName(type, method));
        return registry.register(key, plan);
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
