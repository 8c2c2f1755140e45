package io.zkrpc.core.cluster;

import java.util.List;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** Chooses the instance that serves one call. */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Chooses the instance of a call's first attempt.
     *
     * @param instances the candidates, never empty, not to be modified
     * @param invocation the call to place
     * @return one of {@code instances}
     */
    Instance select(List<Instance> instances, Invocation invocation);

    /**
     * Chooses the instance of a further attempt of the same call: a retry after a failed attempt,
     * or another branch of a forking call. {@code remaining} leaves out the instances the call has
     * used. The default is {@link #select}; a balancer that keeps a rotation overrides it so that
     * a call's retries do not move the rotation of first attempts (else, with one failing instance
     * among two, a call and its retry take two turns and every next call starts on the failing
     * instance again).
     *
     * @param remaining the candidates not yet used by the call, never empty, not to be modified
     * @param invocation the call to place
     * @return one of {@code remaining}
     */
    default Instance selectAnother(List<Instance> remaining, Invocation invocation) {
        return select(remaining, invocation);
    }

    /**
     * Chooses the instance of a call's first attempt, knowing the consumer's load on each
     * instance. The client calls this one; the default ignores {@code stats} and calls
     * {@link #select(List, Invocation)}, so that balancers that need no statistics implement only that.
     *
     * @param instances the candidates, never empty, not to be modified
     * @param invocation the call to place
     * @param stats the consumer's calls in flight and latency per instance
     * @return one of {@code instances}
     */
    default Instance select(List<Instance> instances, Invocation invocation, LoadStats stats) {
        return select(instances, invocation);
    }

    /**
     * Chooses the instance of a further attempt of the same call, knowing the consumer's load on
     * each instance; the default calls {@link #selectAnother(List, Invocation)}.
     *
     * @see #selectAnother(List, Invocation)
     */
    default Instance selectAnother(List<Instance> remaining, Invocation invocation, LoadStats stats) {
        return selectAnother(remaining, invocation);
    }

    /**
     * Whether this balancer reads {@link LoadStats#latencyMillis}: the client keeps a latency
     * average per instance, at the end of every attempt, only for the calls of balancers that do.
     * {@code false} unless overridden.
     */
    default boolean usesLatency() {
        return false;
    }
}
