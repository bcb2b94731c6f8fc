package dev.bulwark.bootstrap.http;

import java.util.Set;

/**
 * The HTTP judgement of one server's rules: which response statuses are failures, and which methods
 * may be sent again after a failure.
 *
 * @param failureStatuses indexed by status code (0 to 599); true where that status counts as a failure
 * @param retryMethods    upper-case method names that may be retried
 */
public record ServerRules(boolean[] failureStatuses, Set<String> retryMethods) {
    /** Methods that are idempotent by RFC 9110 and so safe to send twice. */
    public static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    /** 5xx and 429, idempotent methods only. */
    public static ServerRules defaults() {
        boolean[] failures = new boolean[600];
        for (int s = 500; s < 600; s++) {
            failures[s] = true;
        }
        failures[429] = true;
        return new ServerRules(failures, IDEMPOTENT);
    }

    public ServerRules {
        if (failureStatuses.length != 600) {
            throw new IllegalArgumentException("failureStatuses must have 600 entries");
        }
        failureStatuses = failureStatuses.clone();
        retryMethods = Set.copyOf(retryMethods);
    }

    public boolean isFailure(int status) {
        return status >= 0 && status < 600 && failureStatuses[status];
    }

    public boolean mayRetry(String method) {
        return method != null && retryMethods.contains(method);
    }
}
