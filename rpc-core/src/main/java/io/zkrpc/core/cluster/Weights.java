package io.zkrpc.core.cluster;

import java.util.ArrayList;
import java.util.List;

import io.zkrpc.core.registry.Instance;

/**
 * The weight of instances, as the balancers read it: the instance's {@code weight} metadata
 * ({@code zkrpc.provider.weight}), {@value #DEFAULT} when absent or not a number, never negative.
 * Weight 0 takes an instance out of rotation while any other is available.
 */
public final class Weights {

    /** The weight of an instance that registers none. */
    public static final int DEFAULT = 100;

    /** The metadata key of an instance's weight. */
    public static final String KEY = "weight";

    private Weights() {
    }

    /** {@code instance}'s weight: its {@code weight} metadata, {@value #DEFAULT} when absent or malformed, 0 at least. */
    public static int of(Instance instance) {
        String value = instance.metadata().get(KEY);
        if (value == null) {
            return DEFAULT;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }

    /**
     * The instances that may take a call: those of a weight above 0, or all of them when every
     * one weighs 0 (a drained service still answers rather than failing).
     *
     * @return {@code instances} itself when none weighs 0, else a new list
     */
    public static List<Instance> eligible(List<Instance> instances) {
        int zero = 0;
        for (Instance instance : instances) {
            if (of(instance) == 0) {
                zero++;
            }
        }
        if (zero == 0 || zero == instances.size()) {
            return instances;
        }
        List<Instance> left = new ArrayList<>(instances.size() - zero);
        for (Instance instance : instances) {
            if (of(instance) > 0) {
                left.add(instance);
            }
        }
        return left;
    }

    /** Whether every instance of {@code instances} has the same weight. */
    static boolean equal(List<Instance> instances) {
        int first = of(instances.get(0));
        for (int i = 1; i < instances.size(); i++) {
            if (of(instances.get(i)) != first) {
                return false;
            }
        }
        return true;
    }

    /**
     * One of {@code instances} at random in proportion to its weight, uniformly when all weigh
     * the same (or 0).
     *
     * @param random a random number in [0, 1)
     */
    static Instance weightedRandom(List<Instance> instances, double random) {
        long total = 0;
        for (Instance instance : instances) {
            total += of(instance);
        }
        if (total == 0) {
            return instances.get((int) (random * instances.size()));
        }
        double point = random * total;
        for (Instance instance : instances) {
            point -= of(instance);
            if (point < 0) {
                return instance;
            }
        }
        return instances.get(instances.size() - 1);
    }
}
