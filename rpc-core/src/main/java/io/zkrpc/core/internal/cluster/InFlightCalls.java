package io.zkrpc.core.internal.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.registry.Instance;

/**
 * The attempts a client has sent to each instance and not yet seen end, for operators and for
 * balancers that prefer the least busy instance. Counted per address ({@code host:port}), not per
 * {@link Instance} record: hashing a record hashes its metadata on every attempt, and a change of
 * weight or tags (a new record) would orphan the calls running on the old one. A call holds the
 * counter it incremented, so that pruning the table while it runs costs nothing but that
 * counter's later decrement going nowhere.
 */
public final class InFlightCalls {

    private final Map<Address, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one attempt to {@code instance}; the caller decrements the returned counter exactly once when it ends. */
    public AtomicInteger enter(Instance instance) {
        Address address = new Address(instance.host(), instance.port());
        AtomicInteger count = counts.get(address);
        if (count == null) {
            count = counts.computeIfAbsent(address, key -> new AtomicInteger());
        }
        count.incrementAndGet();
        return count;
    }

    /** The attempts to {@code instance}'s address running now. */
    public int of(Instance instance) {
        AtomicInteger count = counts.get(new Address(instance.host(), instance.port()));
        return count == null ? 0 : Math.max(0, count.get());
    }

    /** Forgets every address not in {@code current}, so that the table does not grow with every redeploy. */
    public void retainOnly(Set<Instance> current) {
        Set<Address> addresses = new HashSet<>();
        for (Instance instance : current) {
            addresses.add(new Address(instance.host(), instance.port()));
        }
        counts.keySet().retainAll(addresses);
    }

    /** An instance's address as a key: its hash is the host string's (cached by {@link String}) and the port. */
    private record Address(String host, int port) {
    }
}
