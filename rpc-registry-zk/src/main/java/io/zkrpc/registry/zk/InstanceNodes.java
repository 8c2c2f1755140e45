package io.zkrpc.registry.zk;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Reads the instance nodes of a service, from ZooKeeper itself or from a cache of it. A node that
 * does not hold an instance is skipped with a warning, never fatal to the whole list.
 */
final class InstanceNodes {

    private static final Logger log = LoggerFactory.getLogger(InstanceNodes.class);

    private InstanceNodes() {
    }

    /**
     * Reads the instances from ZooKeeper directly; an unknown service has none.
     *
     * @throws Exception when ZooKeeper cannot answer
     */
    static List<Instance> read(CuratorFramework client, ServiceKey service) throws Exception {
        String providers = ZkLayout.providersPath(service);
        List<Instance> instances = new ArrayList<>();
        try {
            for (String child : client.getChildren().forPath(providers)) {
                String path = ZKPaths.makePath(providers, child);
                try {
                    add(instances, service, path, client.getData().forPath(path));
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
    static List<Instance> cached(CuratorCache cache, ServiceKey service) {
        String providers = ZkLayout.providersPath(service);
        List<Instance> instances = new ArrayList<>();
        for (ChildData child : cache.stream().toList()) {
            if (child.getData() != null && providers.equals(ZKPaths.getPathAndNode(child.getPath()).getPath())) {
                add(instances, service, child.getPath(), child.getData());
            }
        }
        return List.copyOf(instances);
    }

    private static void add(List<Instance> instances, ServiceKey service, String path, byte[] data) {
        try {
            instances.add(ZkLayout.decode(data));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring node {} of {}: {}", path, service, e.getMessage());
        }
    }
}
