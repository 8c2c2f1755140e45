package io.zkrpc.core.cluster;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * Picks an instance at random in proportion to its {@linkplain Weights weight} (uniformly when
 * all weigh the same); an instance of weight 0 only when every one weighs 0.
 */
public final class RandomLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "random";

    private final DoubleSupplier random;

    public RandomLoadBalancer() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random numbers in [0, 1), for tests with a seeded generator */
    RandomLoadBalancer(DoubleSupplier random) {
        this.random = random;
    }

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        List<Instance> eligible = Weights.eligible(instances);
        return Weights.weightedRandom(eligible, random.getAsDouble());
    }
}
