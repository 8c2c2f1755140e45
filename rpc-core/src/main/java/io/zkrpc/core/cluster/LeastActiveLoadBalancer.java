package io.zkrpc.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * Picks the instance with the fewest calls in flight from this consumer; among equally busy ones,
 * one at random in proportion to its {@linkplain Weights weight}. A slow instance holds its calls
 * longer, so it gets fewer new ones while calls overlap.
 */
public final class LeastActiveLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "least-active";

    private final DoubleSupplier random;

    public LeastActiveLoadBalancer() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random numbers in [0, 1), for tests with a seeded generator */
    LeastActiveLoadBalancer(DoubleSupplier random) {
        this.random = random;
    }

    /** Without statistics: weighted random. */
    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        return select(instances, invocation, LoadStats.NONE);
    }

    @Override
    public Instance select(List<Instance> instances, Invocation invocation, LoadStats stats) {
        List<Instance> eligible = Weights.eligible(instances);
        int least = Integer.MAX_VALUE;
        List<Instance> idlest = new ArrayList<>(eligible.size());
        for (Instance instance : eligible) {
            int active = stats.inFlight(instance);
            if (active < least) {
                least = active;
                idlest.clear();
            }
            if (active == least) {
                idlest.add(instance);
            }
        }
        return idlest.size() == 1 ? idlest.get(0) : Weights.weightedRandom(idlest, random.getAsDouble());
    }

    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation, LoadStats stats) {
        return select(remaining, invocation, stats);
    }
}
