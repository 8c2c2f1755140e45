package io.zkrpc.core.cluster;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * Power of two choices: draws two instances at random (in proportion to their
 * {@linkplain Weights weight}) and takes the one of lower cost, the cost being
 * {@code (latency + 1 ms) × (calls in flight + 1)} with the latency the consumer's decaying
 * average of the instance's ({@link LoadStats#latencyMillis}), as Finagle's peak-EWMA balancer does.
 * A slow instance loses nearly every draw against a fast one, yet as its average decays while it
 * gets no call, it is tried again now and then and comes back once it is fast again.
 */
public final class P2cLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "p2c";

    private final DoubleSupplier random;

    public P2cLoadBalancer() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random numbers in [0, 1), for tests with a seeded generator */
    P2cLoadBalancer(DoubleSupplier random) {
        this.random = random;
    }

    /** {@code true}: p2c weighs each candidate by its latency average. */
    @Override
    public boolean usesLatency() {
        return true;
    }

    /** Without statistics: weighted random. */
    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        return select(instances, invocation, LoadStats.NONE);
    }

    @Override
    public Instance select(List<Instance> instances, Invocation invocation, LoadStats stats) {
        List<Instance> eligible = Weights.eligible(instances);
        if (eligible.size() == 1) {
            return eligible.get(0);
        }
        Instance a = Weights.weightedRandom(eligible, random.getAsDouble());
        Instance b = a;
        // A second draw distinct from the first, bounded: with weights very unequal, fall back to any other.
        for (int i = 0; i < 4 && b == a; i++) {
            b = Weights.weightedRandom(eligible, random.getAsDouble());
        }
        if (b == a) {
            int index = eligible.indexOf(a);
            b = eligible.get((index + 1 + (int) (random.getAsDouble() * (eligible.size() - 1))) % eligible.size());
        }
        return cost(b, stats) < cost(a, stats) ? b : a;
    }

    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation, LoadStats stats) {
        return select(remaining, invocation, stats);
    }

    private static double cost(Instance instance, LoadStats stats) {
        return (stats.latencyMillis(instance) + 1) * (stats.inFlight(instance) + 1);
    }
}
