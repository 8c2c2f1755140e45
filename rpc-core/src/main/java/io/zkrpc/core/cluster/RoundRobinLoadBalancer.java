package io.zkrpc.core.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Takes the instances in turn, with one turn per method of each service, each call's first attempt
 * taking one step. The default balancer.
 *
 * <p>When the instances' {@linkplain Weights weights} differ, the turn is nginx's smooth weighted
 * round-robin: each instance gets turns in proportion to its weight, spread out rather than in a
 * row (weights 5, 1, 1 give a, a, b, a, c, a, a). Weight 0 takes an instance out while any other is left.
 *
 * <p>One turn per method, not per service: a caller that calls two methods in a row would
 * otherwise send every call of the second method to the same instance of two. Further attempts of
 * a call ({@link #selectAnother}) take their own turn, so that a failing instance does not shift
 * the first attempts into lockstep with it.
 */
public final class RoundRobinLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer. */
    public static final String NAME = "round-robin";

    /** Service, then method signature: two lookups that allocate nothing once the turn exists. */
    private final Map<ServiceKey, Map<String, Counters>> counters = new ConcurrentHashMap<>();

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        List<Instance> eligible = Weights.eligible(instances);
        Counters turn = counters(invocation);
        if (Weights.equal(eligible)) {
            return eligible.get(Math.floorMod(turn.first.getAndIncrement(), eligible.size()));
        }
        return turn.smoothFirst.next(eligible);
    }

    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation) {
        List<Instance> eligible = Weights.eligible(remaining);
        Counters turn = counters(invocation);
        if (Weights.equal(eligible)) {
            return eligible.get(Math.floorMod(turn.further.getAndIncrement(), eligible.size()));
        }
        return turn.smoothFurther.next(eligible);
    }

    private Counters counters(Invocation invocation) {
        Map<String, Counters> ofService = counters.get(invocation.service());
        if (ofService == null) {
            ofService = counters.computeIfAbsent(invocation.service(), key -> new ConcurrentHashMap<>());
        }
        String signature = invocation.method().signature();
        Counters found = ofService.get(signature);
        return found != null ? found : ofService.computeIfAbsent(signature, key -> new Counters());
    }

    private static final class Counters {
        final AtomicInteger first = new AtomicInteger();
        final AtomicInteger further = new AtomicInteger();
        final Smooth smoothFirst = new Smooth();
        final Smooth smoothFurther = new Smooth();
    }

    /**
     * nginx's smooth weighted round-robin: each pick adds every instance's weight to its current
     * value, takes the instance of the highest, and takes the total of the weights off it. Current
     * values are kept per address, also while a call's candidates are a subset (the tag routing's
     * pools, or the instances left after an isolation, alternate from call to call and must each keep
     * their spread); an address no pick has seen for {@value #FORGET_AFTER} picks is forgotten, so
     * departed instances do not accumulate.
     */
    private static final class Smooth {

        /** Picks after which an address not seen since is forgotten; a power of two. */
        static final int FORGET_AFTER = 1024;

        private final Map<String, Current> current = new HashMap<>();
        private long picks;

        synchronized Instance next(List<Instance> instances) {
            long pick = ++picks;
            long total = 0;
            Instance best = null;
            Current bestValue = null;
            for (Instance instance : instances) {
                int weight = Weights.of(instance);
                Current value = current.computeIfAbsent(instance.address(), key -> new Current());
                value.value += weight;
                value.seen = pick;
                total += weight;
                if (bestValue == null || value.value > bestValue.value) {
                    best = instance;
                    bestValue = value;
                }
            }
            bestValue.value -= total;
            if ((pick & (FORGET_AFTER - 1)) == 0) {
                current.values().removeIf(value -> pick - value.seen >= FORGET_AFTER);
            }
            return best;
        }
    }

    /** One address's current value, and the pick that last saw it. */
    private static final class Current {
        long value;
        long seen;
    }
}
