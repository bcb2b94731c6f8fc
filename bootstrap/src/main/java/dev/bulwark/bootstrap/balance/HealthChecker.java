package dev.bulwark.bootstrap.balance;

import dev.bulwark.bootstrap.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Active health checks of one service: each endpoint is probed every interval, on Bulwark's worker
 * threads (never the timer thread, which a slow probe would hold up). {@code unhealthyThreshold}
 * failures in a row take an endpoint out of its {@link LoadBalancer}; {@code healthyThreshold} passes
 * in a row bring it back. Endpoints start healthy, so a service takes requests before its first check.
 */
public final class HealthChecker {
    /** Checks one endpoint once. */
    public interface Probe {
        /** @return null when the endpoint is healthy, else why not ({@code HTTP 503}, {@code connect refused}) */
        String check(Endpoint endpoint, HealthCheckRules rules);
    }

    private final LoadBalancer balancer;
    private final HealthCheckRules rules;
    private final Probe probe;
    private final Clock clock;
    private final List<Watch> watches = new ArrayList<>();
    private volatile boolean stopped;

    public HealthChecker(LoadBalancer balancer, HealthCheckRules rules, Probe probe, Clock clock) {
        this.balancer = balancer;
        this.rules = rules;
        this.probe = probe;
        this.clock = clock;
        for (Endpoint e : balancer.endpoints()) {
            watches.add(new Watch(e));
        }
    }

    public HealthCheckRules rules() {
        return rules;
    }

    /** Schedules each endpoint's first check one interval from now. */
    public void start() {
        for (Watch w : watches) {
            w.schedule();
        }
    }

    /** No check starts after this; one under way finishes without effect. */
    public void stop() {
        stopped = true;
        for (Watch w : watches) {
            Future<?> f = w.next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /** The checks of one endpoint: one at a time, each scheduling the next, so their counts need no lock. */
    private final class Watch {
        private final Endpoint endpoint;
        private int passes;
        private int failures;
        private volatile Future<?> next;

        Watch(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        void schedule() {
            if (!stopped) {
                next = clock.schedule(() -> clock.execute(this::check), rules.intervalNanos());
            }
        }

        void check() {
            if (stopped) {
                return;
            }
            String failure;
            try {
                failure = probe.check(endpoint, rules);
            } catch (RuntimeException | LinkageError e) {
                failure = e.getClass().getSimpleName();
            }
            if (!stopped) {
                judge(failure);
            }
            schedule();
        }

        private void judge(String failure) {
            boolean unhealthy = endpoint.failingHealthCheck != null;
            if (failure == null) {
                failures = 0;
                if (unhealthy && ++passes >= rules.healthyThreshold()) {
                    passes = 0;
                    balancer.healthChecked(endpoint, null);
                }
                return;
            }
            passes = 0;
            if (unhealthy) {
                balancer.healthChecked(endpoint, failure);
            } else if (++failures >= rules.unhealthyThreshold()) {
                failures = 0;
                balancer.healthChecked(endpoint, failure);
            }
        }
    }
}
