package io.zkrpc.core.cluster;

import java.util.List;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** Chooses the instance that serves one call. */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * @param instances the candidates, never empty, not to be modified
     * @param invocation the call to place
     * @return one of {@code instances}
     */
    Instance select(List<Instance> instances, Invocation invocation);
}
