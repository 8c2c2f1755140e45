package io.zkrpc.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zkrpc.core.registry.Instance;

/**
 * The weight of instances, as the balancers read it: the instance's {@code weight} metadata
 * ({@code zkrpc.provider.weight}, or the service rules' {@code instances} entry, which replaces
 * it), {@value #DEFAULT} when absent or not a number, held to [0, {@value #MAX}] as the rules are
 * (the metadata comes from the registry: an instance registering a weight of two billion must not
 * take every call). Weight 0 takes an instance out of rotation while any other is available.
 *
 * <p>An instance that registers a {@code warmup} ({@code zkrpc.provider.warmup}, in
 * milliseconds) ramps up as Dubbo's do: while its uptime (now less its {@code startTime}
 * metadata) is below the warm-up, its weight is {@code weight * uptime / warmup}, at least 1.
 * A start time in the future (a provider's clock ahead of this one's) or unreadable counts as
 * warm, as does a missing one, so that a skewed clock never starves an instance. Without {@code warmup} metadata none of
 * this is computed.
 */
public final class Weights {

    /** The weight of an instance that registers none. */
    public static final int DEFAULT = 100;

    /** The largest weight: a larger registered one counts as this. */
    public static final int MAX = 10_000;

    /** The metadata key of an instance's weight. */
    public static final String KEY = "weight";

    /** The metadata key of an instance's warm-up, in milliseconds. */
    public static final String WARMUP = "warmup";

    /** The metadata key of an instance's start, in milliseconds since the epoch. */
    public static final String START_TIME = "startTime";

    /** The longest metadata value read as a number (a {@code long} has at most 20 characters), with room for blanks. */
    private static final int MAX_NUMBER_LENGTH = 32;

    private Weights() {
    }

    /** {@code instance}'s weight: its {@code weight} metadata, {@value #DEFAULT} when absent or malformed, from 0 to {@value #MAX}. */
    public static int of(Instance instance) {
        Map<String, String> metadata = instance.metadata();
        int weight = registered(metadata.get(KEY));
        String warmup = metadata.get(WARMUP);
        if (warmup == null || weight == 0) {
            return weight;
        }
        return warming(weight, warmup, metadata.get(START_TIME), System.currentTimeMillis());
    }

    private static int registered(String value) {
        if (value == null || value.length() > MAX_NUMBER_LENGTH) {
            // Absent, or longer than any number: a registry value is read on every pick, so its length is bounded first.
            return DEFAULT;
        }
        String digits = value.trim();
        try {
            return (int) Math.min(MAX, Math.max(0, Long.parseLong(digits)));
        } catch (NumberFormatException e) {
            // A whole number too long for a long is still a number: held to the bounds as well.
            return wholeNumber(digits) ? (digits.charAt(0) == '-' ? 0 : MAX) : DEFAULT;
        }
    }

    private static boolean wholeNumber(String text) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code weight} at {@code nowMillis} of an instance that started at {@code startTime} and
     * warms up over {@code warmup} milliseconds; {@code weight} itself when either is unreadable.
     */
    static int warming(int weight, String warmup, String startTime, long nowMillis) {
        if (startTime == null || warmup.length() > MAX_NUMBER_LENGTH || startTime.length() > MAX_NUMBER_LENGTH) {
            return weight;
        }
        long warmupMillis;
        long started;
        try {
            warmupMillis = Long.parseLong(warmup.trim());
            started = Long.parseLong(startTime.trim());
        } catch (NumberFormatException e) {
            return weight;
        }
        long uptime = nowMillis - started;
        if (warmupMillis <= 0 || uptime < 0 || uptime >= warmupMillis) {
            return weight;
        }
        return (int) Math.max(1, (double) weight * uptime / warmupMillis);
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
