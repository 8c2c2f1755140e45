package io.zkrpc.core.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.RoundRobinLoadBalancer;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * A load balancer that counts the instances it picks: every attempt of a call, retries included,
 * goes through it, so its counts are the attempts each instance received (or, for a dead one,
 * would have received).
 */
public final class CountingBalancer implements LoadBalancer {

    /** The name under which the tests register it. */
    public static final String NAME = "counting";

    private final LoadBalancer delegate;
    private final Map<Integer, AtomicInteger> picks = new ConcurrentHashMap<>();

    private CountingBalancer(LoadBalancer delegate) {
        this.delegate = delegate;
    }

    /** Counts the picks of round robin. */
    public static CountingBalancer roundRobin() {
        return new CountingBalancer(new RoundRobinLoadBalancer());
    }

    /** Counts the picks of a balancer that always takes the first candidate, in registration order. */
    public static CountingBalancer first() {
        return new CountingBalancer((instances, invocation) -> instances.get(0));
    }

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        return counted(delegate.select(instances, invocation));
    }

    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation) {
        return counted(delegate.selectAnother(remaining, invocation));
    }

    private Instance counted(Instance picked) {
        picks.computeIfAbsent(picked.port(), port -> new AtomicInteger()).incrementAndGet();
        return picked;
    }

    /** The attempts sent to the instance on {@code port}. */
    public int picks(int port) {
        AtomicInteger count = picks.get(port);
        return count == null ? 0 : count.get();
    }

    /** Every attempt so far. */
    public int total() {
        return picks.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
