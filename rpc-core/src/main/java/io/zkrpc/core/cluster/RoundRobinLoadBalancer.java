package io.zkrpc.core.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** Takes the instances in turn, with one counter per service. The default balancer. */
public final class RoundRobinLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "round-robin";

    private final Map<ServiceKey, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        AtomicInteger counter = counters.get(invocation.service());
        if (counter == null) {
            counter = counters.computeIfAbsent(invocation.service(), key -> new AtomicInteger());
        }
        return instances.get(Math.floorMod(counter.getAndIncrement(), instances.size()));
    }
}
