package dev.bulwark.agent.config;

import java.util.Objects;

/** The rules every planner reads: one snapshot, swapped whole by a reload. */
public final class RulesInForce {
    private volatile Rules rules;

    public RulesInForce(Rules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public Rules get() {
        return rules;
    }

    public void set(Rules next) {
        this.rules = Objects.requireNonNull(next, "rules");
    }
}
