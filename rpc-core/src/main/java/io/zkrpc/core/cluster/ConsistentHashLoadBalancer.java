package io.zkrpc.core.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Sends calls with equal arguments to the same instance, for caches and state held per key on
 * the providers. The instances sit on a hash ring, each at {@value #DEFAULT_VIRTUAL_NODES} virtual
 * nodes by default (MD5 of {@code host:port#n}, stable across consumers and restarts); a call goes
 * to the first node at or after the hash of its chosen arguments (the first argument by default,
 * its {@code toString()}; arrays by content; the method alone when it has none). When an instance
 * joins or leaves, only the keys of its own arcs move, about 1/n of them. Instances of weight 0
 * leave the ring while any other is there. The ring is built once per instance list and service.
 * A retry of a call goes to the next instance along the ring.
 *
 * <p>To hash on other arguments, register another instance under a name of its own, e.g.
 * {@code RpcClient.builder().loadBalancer("hash-by-second", new ConsistentHashLoadBalancer(160, 1))},
 * or as a Spring bean of that name.
 */
public final class ConsistentHashLoadBalancer implements LoadBalancer {

    /** The name by which configuration selects this balancer (hashing the first argument). */
    public static final String NAME = "consistent-hash";

    /** Virtual nodes per instance by default. */
    public static final int DEFAULT_VIRTUAL_NODES = 160;

    private final int virtualNodes;
    private final int[] arguments;
    private final Map<ServiceKey, Ring> rings = new ConcurrentHashMap<>();

    /** {@value #DEFAULT_VIRTUAL_NODES} virtual nodes per instance, hashing the first argument. */
    public ConsistentHashLoadBalancer() {
        this(DEFAULT_VIRTUAL_NODES, 0);
    }

    /**
     * @param virtualNodes nodes per instance on the ring, rounded up to a multiple of 4, at least 4
     * @param arguments the indexes of the arguments whose values make the key; none for the first
     */
    public ConsistentHashLoadBalancer(int virtualNodes, int... arguments) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be positive: " + virtualNodes);
        }
        this.virtualNodes = (virtualNodes + 3) / 4 * 4;
        this.arguments = arguments.length == 0 ? new int[] {0} : arguments.clone();
    }

    @Override
    public Instance select(List<Instance> instances, Invocation invocation) {
        List<Instance> eligible = Weights.eligible(instances);
        Ring ring = rings.get(invocation.service());
        if (ring == null || !ring.instances.equals(eligible)) {
            ring = new Ring(List.copyOf(eligible), virtualNodes);
            rings.put(invocation.service(), ring);
        }
        return ring.locate(hash(digest(key(invocation)), 0));
    }

    /** The next instance along the ring among those the call has not used: the ring of {@code remaining}. */
    @Override
    public Instance selectAnother(List<Instance> remaining, Invocation invocation) {
        return new Ring(Weights.eligible(remaining), virtualNodes).locate(hash(digest(key(invocation)), 0));
    }

    /** The key of {@code invocation}: its chosen arguments, or its method when it has none of them. */
    String key(Invocation invocation) {
        Object[] values = invocation.arguments();
        StringBuilder key = new StringBuilder();
        boolean any = false;
        for (int index : arguments) {
            if (values != null && index < values.length) {
                if (any) {
                    key.append('\u0000');
                }
                key.append(Arrays.deepToString(new Object[] {values[index]}));
                any = true;
            }
        }
        return any ? key.toString() : invocation.method().signature();
    }

    /** An instance list on a ring of virtual nodes: sorted hashes and the instance of each. */
    private static final class Ring {

        final List<Instance> instances;
        private final long[] hashes;
        private final Instance[] owners;

        Ring(List<Instance> instances, int virtualNodes) {
            this.instances = instances;
            int size = instances.size() * virtualNodes;
            long[][] nodes = new long[size][];
            int n = 0;
            for (int i = 0; i < instances.size(); i++) {
                String address = instances.get(i).address();
                for (int group = 0; group < virtualNodes / 4; group++) {
                    byte[] digest = digest(address + "#" + group);
                    for (int part = 0; part < 4; part++) {
                        nodes[n++] = new long[] {hash(digest, part), i};
                    }
                }
            }
            // Ties (astronomically rare) go to the instance of the lower address, the same on every consumer.
            Arrays.sort(nodes, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                    : instances.get((int) a[1]).address().compareTo(instances.get((int) b[1]).address()));
            hashes = new long[size];
            owners = new Instance[size];
            for (int k = 0; k < size; k++) {
                hashes[k] = nodes[k][0];
                owners[k] = instances.get((int) nodes[k][1]);
            }
        }

        Instance locate(long hash) {
            int at = Arrays.binarySearch(hashes, hash);
            if (at < 0) {
                at = -at - 1;
            }
            return owners[at == hashes.length ? 0 : at];
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    /** The {@code part}-th of the four unsigned 32-bit numbers of an MD5 digest. */
    private static long hash(byte[] digest, int part) {
        return ((long) (digest[3 + part * 4] & 0xFF) << 24)
                | ((long) (digest[2 + part * 4] & 0xFF) << 16)
                | ((long) (digest[1 + part * 4] & 0xFF) << 8)
                | (digest[part * 4] & 0xFF);
    }
}
