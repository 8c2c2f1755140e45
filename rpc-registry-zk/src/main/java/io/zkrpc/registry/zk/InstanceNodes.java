package io.zkrpc.registry.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Reads the instance nodes of a service, from ZooKeeper itself or from a cache of it, and decides
 * which of them count. A node counts only when it is ephemeral (a provider's session holds it; a
 * persistent one outlives any provider and was written by hand or by an intruder), holds at most
 * {@value #MAX_NODE_BYTES} bytes, is named after its address, and decodes as {@link ZkLayout#decode}
 * requires. Any other node is skipped with one warning per version of the node, never fatal to the
 * list or to a call.
 */
final class InstanceNodes {

    private static final Logger log = LoggerFactory.getLogger(InstanceNodes.class);
    /** Far above what a provider writes (its address, path and a few metadata entries). */
    static final int MAX_NODE_BYTES = 16 * 1024;
    /** Forgetting every warning past this many only repeats some of them. */
    private static final int MAX_WARNED = 1_024;

    /** The node versions already warned about, so that each delivery of the list does not warn again. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * Reads the instances from ZooKeeper directly; an unknown service has none.
     *
     * @throws Exception when ZooKeeper cannot answer
     */
    List<Instance> read(CuratorFramework client, ServiceKey service) throws Exception {
        String providers = ZkLayout.providersPath(service);
        List<Instance> instances = new ArrayList<>();
        try {
            for (String child : client.getChildren().forPath(providers)) {
                String path = ZKPaths.makePath(providers, child);
                try {
                    Stat stat = new Stat();
                    byte[] data = client.getData().storingStatIn(stat).forPath(path);
                    add(instances, service, path, stat, data);
                } catch (KeeperException.NoNodeException gone) {
                    // removed between the listing and the read
                }
            }
        } catch (KeeperException.NoNodeException noService) {
            return List.of();
        }
        return List.copyOf(instances);
    }

    /** The instances that {@code cache}, built on the providers node of {@code service}, holds now. */
    List<Instance> cached(CuratorCache cache, ServiceKey service) {
        String providers = ZkLayout.providersPath(service);
        List<Instance> instances = new ArrayList<>();
        for (ChildData child : cache.stream().toList()) {
            if (child.getData() != null && providers.equals(ZKPaths.getPathAndNode(child.getPath()).getPath())) {
                add(instances, service, child.getPath(), child.getStat(), child.getData());
            }
        }
        return List.copyOf(instances);
    }

    private void add(List<Instance> instances, ServiceKey service, String path, Stat stat, byte[] data) {
        try {
            instances.add(decode(path, stat, data));
        } catch (IllegalArgumentException e) {
            warnOnce(service, path, stat, e.getMessage());
        }
    }

    private static Instance decode(String path, Stat stat, byte[] data) {
        if (stat == null || stat.getEphemeralOwner() == 0) {
            throw new IllegalArgumentException("it is not ephemeral, so no provider's session holds it");
        }
        if (data.length > MAX_NODE_BYTES) {
            throw new IllegalArgumentException("its " + data.length + " bytes exceed " + MAX_NODE_BYTES);
        }
        Instance instance = ZkLayout.decode(data);
        if (!ZKPaths.getNodeFromPath(path).equals(instance.address())) {
            throw new IllegalArgumentException("it holds another address, " + instance.address());
        }
        return instance;
    }

    private void warnOnce(ServiceKey service, String path, Stat stat, String reason) {
        // The node's modification zxid changes with every write, so a node changed again is judged, and reported, again.
        String version = path + "@" + (stat == null ? 0 : stat.getMzxid());
        if (warned.size() >= MAX_WARNED) {
            warned.clear();
        }
        if (warned.add(version)) {
            log.warn("Ignoring the instance node {} of {}: {}", path, service, reason);
        }
    }
}
