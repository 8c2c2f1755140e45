package io.zkrpc.core.cluster;

import java.util.List;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * Narrows the instance list of a call before the load balancer picks one, for example to the
 * gray instances for a gray-tagged call, or to the instances carrying a tag.
 */
@FunctionalInterface
public interface Router {

    /**
     * @param instances the candidates left by the routers before this one, not to be modified
     * @return the candidates for this call: {@code instances} itself, or a new list
     */
    List<Instance> route(List<Instance> instances, Invocation invocation);
}
