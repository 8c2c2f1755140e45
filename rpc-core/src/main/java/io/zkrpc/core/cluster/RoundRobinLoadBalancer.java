package io.zkrpc.core.cluster;

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
        return instances.get(Math.floorMod(counters(invocation).first.getAndIncrement(), instances.size()));
    }

    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation) {
        return remaining.get(Math.floorMod(counters(invocation).further.getAndIncrement(), remaining.size()));
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
    }
}
