package dev.bulwark.bootstrap.guard;

import dev.bulwark.bootstrap.event.EventBus;
import dev.bulwark.bootstrap.log.BulwarkLog;
import dev.bulwark.bootstrap.policy.Bulkhead;
import dev.bulwark.bootstrap.policy.CircuitBreaker;
import dev.bulwark.bootstrap.policy.RateLimiter;
import dev.bulwark.bootstrap.policy.Retry;
import dev.bulwark.bootstrap.policy.RetryBudget;
import dev.bulwark.bootstrap.policy.Timeout;
import dev.bulwark.bootstrap.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Every guarded site of the JVM and the policies they share by name.
 *
 * <p>A site gets a small integer id when its class is transformed; advice carries that id as a
 * constant, so finding a call's Guard is one array read, not a map look-up by string.
 * Registration happens at transform time and may lock; {@link #guard(int)} never does.
 */
public final class Registry {
    private static final Registry GLOBAL = new Registry(Clock.system(), EventBus.global());

    private final Clock clock;
    private final EventBus events;
    private final Map<String, Integer> siteIds = new HashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();
    private final Map<String, Timeout> timeouts = new ConcurrentHashMap<>();
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private volatile Guard[] guards = new Guard[64];
    /** Where each site's plan comes from, asked again at every {@link #replan()}; null for fixed plans. */
    private Supplier<GuardPlan>[] sources = newSources(64);
    private int size;

    public Registry(Clock clock, EventBus events) {
        this.clock = clock;
        this.events = events;
    }

    public static Registry global() {
        return GLOBAL;
    }

    /** The hot path: the Guard of a site registered in the global registry. */
    public static Guard guard(int site) {
        return GLOBAL.guards[site];
    }

    /** The Guard of a site of this registry. */
    public Guard guardOf(int site) {
        return guards[site];
    }

    /** The id of {@code key}'s site if it was registered, else -1. */
    public synchronized int siteId(String key) {
        Integer id = siteIds.get(key);
        return id == null ? -1 : id;
    }

    /**
     * Registers the site {@code key} (unique per method: class, name and descriptor) guarded as
     * {@code plan} says, and returns its id. Registering a key again returns the same id, so a
     * retransformed class keeps its policies and their state.
     */
    public synchronized int register(String key, GuardPlan plan) {
        return register(key, () -> plan);
    }

    /**
     * Registers a site whose plan comes from {@code source}: asked now, and again at every
     * {@link #replan()}, so that each kind of site (a method, a database) plans itself from the
     * rules in force.
     */
    public synchronized int register(String key, Supplier<GuardPlan> source) {
        Integer existing = siteIds.get(key);
        if (existing != null) {
            return existing;
        }
        Guard guard = build(source.get(), null);
        int id = size++;
        Guard[] current = guards;
        if (id == current.length) {
            current = Arrays.copyOf(current, current.length * 2);
            sources = Arrays.copyOf(sources, current.length);
        }
        current[id] = guard;
        sources[id] = source;
        guards = current; // volatile write publishes the new slot
        siteIds.put(key, id);
        return id;
    }

    /** Plans every site again from its source, as after a configuration reload. */
    public synchronized void replan() {
        Supplier<GuardPlan>[] s = sources;
        replan(id -> s[id].get());
    }

    @SuppressWarnings("unchecked")
    private static Supplier<GuardPlan>[] newSources(int n) {
        return (Supplier<GuardPlan>[]) new Supplier<?>[n];
    }

    /**
     * Rebuilds the Guard of every site from a new plan, as after a configuration reload, and swaps
     * them in at once. A policy whose name stays keeps its instance and its state; its rules change in
     * place. Calls already running finish on the Guard they started with.
     */
    public synchronized void replan(IntFunction<GuardPlan> planFor) {
        Guard[] next = Arrays.copyOf(guards, guards.length);
        Set<String> reconfigured = new HashSet<>();
        for (int id = 0; id < size; id++) {
            next[id] = build(planFor.apply(id), reconfigured);
        }
        guards = next;
    }

    /** {@code reconfigured} is null when registering, else the names already given new rules in this replan. */
    private Guard build(GuardPlan plan, Set<String> reconfigured) {
        if (plan.invalid() != null) {
            return new Guard(plan.target(), null, null, null, null, null, null, null, clock, events,
                    plan.invalidName(), plan.invalid());
        }
        CircuitBreaker breaker = plan.breaker() == null ? null : shared(breakers, plan.breakerName(), plan.breaker(),
                plan.target(), "circuit breaker", () -> new CircuitBreaker(plan.breakerName(), plan.breaker(), clock, events),
                CircuitBreaker::rules, CircuitBreaker::reconfigure, reconfigured);
        Retry retry = plan.retry() == null ? null : shared(retries, plan.retryName(), plan.retry(),
                plan.target(), "retry", () -> new Retry(plan.retryName(), plan.retry(), clock), Retry::rules,
                Retry::reconfigure, reconfigured);
        RetryBudget budget = plan.retry() == null || plan.retryBudget() == null ? null : shared(budgets,
                plan.retryName(), plan.retryBudget(), plan.target(), "retry budget",
                () -> new RetryBudget(plan.retryName(), plan.retryBudget()), RetryBudget::rules,
                RetryBudget::reconfigure, reconfigured);
        Bulkhead bulkhead = plan.bulkhead() == null ? null : shared(bulkheads, plan.bulkheadName(), plan.bulkhead(),
                plan.target(), "bulkhead", () -> new Bulkhead(plan.bulkheadName(), plan.bulkhead(), clock, events),
                Bulkhead::rules, Bulkhead::reconfigure, reconfigured);
        RateLimiter rateLimiter = plan.rateLimiter() == null ? null : shared(rateLimiters, plan.rateLimiterName(),
                plan.rateLimiter(), plan.target(), "rate limiter",
                () -> new RateLimiter(plan.rateLimiterName(), plan.rateLimiter(), clock), RateLimiter::rules,
                RateLimiter::reconfigure, reconfigured);
        Timeout timeout = plan.timeout() == null ? null : shared(timeouts, plan.timeoutName(), plan.timeout(),
                plan.target(), "timeout", () -> new Timeout(plan.timeoutName(), plan.timeout(), clock), Timeout::rules,
                Timeout::reconfigure, reconfigured);
        return new Guard(plan.target(), breaker, retry, budget, bulkhead, rateLimiter, timeout, plan.fallback(), clock,
                events, null, null);
    }

    /**
     * One policy instance per name. A second definition with other rules keeps the first and says
     * so; during a replan the first site to name a policy gives it its new rules.
     */
    private static <P, R> P shared(Map<String, P> byName, String name, R rules, String target, String kind,
            Supplier<P> create, Function<P, R> rulesOf, BiConsumer<P, R> reconfigure, Set<String> reconfigured) {
        P existing = byName.get(name);
        if (existing == null) {
            P created = create.get();
            byName.put(name, created);
            if (reconfigured != null) {
                reconfigured.add(kind + ":" + name);
            }
            return created;
        }
        R current = rulesOf.apply(existing);
        if (Objects.equals(current, rules)) {
            if (reconfigured != null) {
                reconfigured.add(kind + ":" + name);
            }
            return existing;
        }
        if (reconfigured != null && reconfigured.add(kind + ":" + name)) {
            reconfigure.accept(existing, rules);
            return existing;
        }
        BulwarkLog.warn(kind + " '" + name + "' is defined again by " + target
                + " with other settings; the first definition is used: " + current);
        return existing;
    }

    public Collection<CircuitBreaker> circuitBreakers() {
        return List.copyOf(breakers.values());
    }

    public Collection<Retry> retries() {
        return List.copyOf(retries.values());
    }

    public Collection<Bulkhead> bulkheads() {
        return List.copyOf(bulkheads.values());
    }

    public Collection<RateLimiter> rateLimiters() {
        return List.copyOf(rateLimiters.values());
    }

    public Collection<Timeout> timeouts() {
        return List.copyOf(timeouts.values());
    }

    /** The budgets of retry policies, named as their retry. */
    public Collection<RetryBudget> retryBudgets() {
        return List.copyOf(budgets.values());
    }

    /** Every registered guard, in registration order. */
    public synchronized List<Guard> guards() {
        return new ArrayList<>(Arrays.asList(guards).subList(0, size));
    }
}
