package io.zkrpc.core.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How the calls of one method behave, resolved once when the reference is created.
 *
 * @param timeout the timeout of one attempt; the provider receives what is left of it
 * @param retries further attempts, each on another instance, after a retryable failure
 * @param idempotent whether timeouts and server errors may be retried
 * @param cluster how failed attempts are handled: {@code failover} (retry on another instance), {@code failfast}
 *                (never retry), {@code failsafe} (answer the empty value) or {@code forking} (parallel attempts)
 * @param forks parallel attempts of the forking strategy
 */
public record CallPolicy(Duration timeout, int retries, boolean idempotent, String cluster, int forks) {

    /** Defaults: 3 s, 2 retries, not idempotent, failover, 2 forks. */
    public static final CallPolicy DEFAULT = new CallPolicy(Duration.ofSeconds(3), 2, false, "failover", 2);

    public CallPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cluster, "cluster");
        if (timeout.isNegative() || timeout.isZero() || retries < 0 || forks < 1) {
            throw new IllegalArgumentException("Invalid call policy: timeout " + timeout + ", retries " + retries + ", forks " + forks);
        }
    }

    /** This policy with every setting that {@code overrides} carries replaced, by the rule of {@link PolicyOverrides#and}. */
    public CallPolicy with(PolicyOverrides overrides) {
        if (overrides == null) {
            return this;
        }
        PolicyOverrides merged = PolicyOverrides.from(this).and(overrides);
        return new CallPolicy(merged.timeout(), merged.retries(), merged.idempotent(), merged.cluster(), merged.forks());
    }
}
