package io.zkrpc.core.cluster;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** Picks an instance uniformly at random. */
public final class RandomLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "random";

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        return instances.get(ThreadLocalRandom.current().nextInt(instances.size()));
    }
}
