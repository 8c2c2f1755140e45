package io.zkrpc.core.internal.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.registry.Instance;

/**
 * The attempts a client has sent to each instance and not yet seen end, for operators and for
 * balancers that prefer the least busy instance. A call holds the counter it incremented, so that
 * pruning the table while it runs costs nothing but that counter's later decrement going nowhere.
 */
public final class InFlightCalls {

    private final Map<Instance, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one attempt to {@code instance}; the caller decrements the returned counter exactly once when it ends. */
    public AtomicInteger enter(Instance instance) {
        AtomicInteger count = counts.computeIfAbsent(instance, key -> new AtomicInteger());
        count.incrementAndGet();
        return count;
    }

    /** The attempts to {@code instance} running now. */
    public int of(Instance instance) {
        AtomicInteger count = counts.get(instance);
        return count == null ? 0 : Math.max(0, count.get());
    }

    /** Forgets every instance not in {@code current}, so that the table does not grow with every redeploy. */
    public void retainOnly(Set<Instance> current) {
        counts.keySet().retainAll(current);
    }
}
