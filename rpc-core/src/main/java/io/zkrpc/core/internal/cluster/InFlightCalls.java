package io.zkrpc.core.internal.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.cluster.LoadStats;
import io.zkrpc.core.registry.Instance;

/**
 * The attempts a client has sent to each instance and not yet seen end, for operators and for
 * balancers that prefer the least busy instance. Counted per address ({@code host:port}), not per
 * {@link Instance} record: hashing a record hashes its metadata on every attempt, and a change of
 * weight or tags (a new record) would orphan the calls running on the old one. A call holds the
 * counter it incremented, so that pruning the table while it runs costs nothing but that
 * counter's later decrement going nowhere.
 */
public final class InFlightCalls implements LoadStats {

    /** How fast the latency average forgets an instance's past while no attempt ends there (time constant: it falls to 1/e in 2 s), so that an instance slow once (a cold first call, a pause) is tried again soon. */
    static final double DECAY_NANOS = 2e9;

    /** The weight of a new latency in the average. */
    static final double ALPHA = 0.3;

    private final Map<Address, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Address, Latency> latencies = new ConcurrentHashMap<>();

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

    /** Adds an attempt to {@code instance} that took {@code nanos} to the instance's latency average. */
    public void recordLatency(Instance instance, long nanos) {
        Address address = new Address(instance.host(), instance.port());
        Latency latency = latencies.get(address);
        if (latency == null) {
            latency = latencies.computeIfAbsent(address, key -> new Latency());
        }
        latency.record(nanos, System.nanoTime());
    }

    @Override
    public int inFlight(Instance instance) {
        return of(instance);
    }

    @Override
    public double latencyMillis(Instance instance) {
        Latency latency = latencies.get(new Address(instance.host(), instance.port()));
        return latency == null ? 0 : latency.millis(System.nanoTime());
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
        latencies.keySet().retainAll(addresses);
    }

    /** An exponentially weighted moving average of latency that decays towards 0 with the time since its last sample. */
    static final class Latency {

        private double nanos;
        private long at;
        private boolean sampled;

        synchronized void record(long sample, long now) {
            if (!sampled) {
                nanos = sample;
                sampled = true;
            } else {
                nanos = ALPHA * sample + (1 - ALPHA) * decayed(now);
            }
            at = now;
        }

        synchronized double millis(long now) {
            return sampled ? decayed(now) / 1e6 : 0;
        }

        private double decayed(long now) {
            return nanos * Math.exp(-Math.max(0, now - at) / DECAY_NANOS);
        }
    }

    /** An instance's address as a key: its hash is the host string's (cached by {@link String}) and the port. */
    private record Address(String host, int port) {
    }
}
