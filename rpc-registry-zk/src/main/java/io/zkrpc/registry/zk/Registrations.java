package io.zkrpc.registry.zk;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The instance nodes this process keeps registered. Each is a Curator {@link PersistentNode} in
 * ephemeral mode, which re-creates the node when the session is lost and found again. A
 * registration made while ZooKeeper is unreachable waits, and is created by the next
 * {@link #reconcile()}; reconciliation also repairs a node owned by another (stale) session or
 * holding other data, with one INFO line per repair.
 */
final class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    /** One registered instance node; {@code node} is {@code null} until ZooKeeper was reachable. */
    private record Registration(byte[] data, PersistentNode node) {
    }

    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final long createTimeoutMillis;
    private final Executor closer;

    /**
     * @param connected whether the session is usable now
     * @param createTimeoutMillis how long a registration waits for its node
     * @param closer runs closes that may wait for ZooKeeper, off the caller's thread
     */
    Registrations(CuratorFramework client, BooleanSupplier connected, long createTimeoutMillis, Executor closer) {
        this.client = client;
        this.connected = connected;
        this.createTimeoutMillis = createTimeoutMillis;
        this.closer = closer;
    }

    void register(ServiceKey service, Instance instance) throws Exception {
        String path = ZkLayout.instancePath(service, instance);
        byte[] data = ZkLayout.encode(instance);
        Registration existing = registered.get(path);
        if (existing != null && existing.node() != null) {
            existing.node().setData(data);
            registered.put(path, new Registration(data, existing.node()));
            return;
        }
        if (!connected.getAsBoolean()) {
            registered.put(path, new Registration(data, null));
            log.info("ZooKeeper is unreachable: {} will be registered as soon as it is back", path);
            return;
        }
        registered.put(path, new Registration(data, createNode(path, data)));
        log.debug("Created {}", path);
    }

    void unregister(ServiceKey service, Instance instance) throws Exception {
        String path = ZkLayout.instancePath(service, instance);
        Registration registration = registered.remove(path);
        boolean reachable = connected.getAsBoolean();
        if (registration != null) {
            close(registration.node(), path, reachable);
        }
        if (!reachable) {
            log.info("Not connected to ZooKeeper: {} is deleted once ZooKeeper is back, or goes with the session", path);
            return;
        }
        client.delete().quietly().forPath(path);
    }

    /** The registered node paths, sorted. */
    List<String> paths() {
        return registered.keySet().stream().sorted().toList();
    }

    int size() {
        return registered.size();
    }

    /** Repairs every registered node that is missing, owned by another session, or holds other data. */
    void reconcile() {
        if (!connected.getAsBoolean()) {
            return;
        }
        for (Map.Entry<String, Registration> entry : registered.entrySet()) {
            try {
                reconcile(entry.getKey(), entry.getValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("Could not reconcile {}: {}", entry.getKey(), e.toString());
            }
        }
    }

    private void reconcile(String path, Registration registration) throws Exception {
        if (registration.node() == null) {
            PersistentNode node = createNode(path, registration.data());
            if (registered.replace(path, registration, new Registration(registration.data(), node))) {
                log.info("Registered {} now that ZooKeeper is reachable", path);
            } else {
                closeQuietly(node, path);
            }
            return;
        }
        Stat stat = client.checkExists().forPath(path);
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat == null) {
            log.info("Repairing {}: it was missing", path);
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, registration.data());
            } catch (KeeperException.NodeExistsException raced) {
                // the PersistentNode re-created it meanwhile
            }
            if (!registered.containsKey(path)) {
                // unregister() removed it from the map, then deleted the node, while this pass was on its way
                client.delete().quietly().forPath(path);
            }
        } else if (stat.getEphemeralOwner() != session) {
            // Deleting it makes the PersistentNode, which watches the path, create it again as ours.
            log.info("Repairing {}: it was owned by stale session 0x{}", path, Long.toHexString(stat.getEphemeralOwner()));
            deleteIfStale(path, session);
        } else if (!Arrays.equals(client.getData().forPath(path), registration.data())) {
            log.info("Repairing {}: its data was changed", path);
            registration.node().setData(registration.data());
        }
    }

    /** Withdraws every registration; {@code reachable} says whether ZooKeeper can be waited for. */
    void closeAll(boolean reachable) {
        for (String path : List.copyOf(registered.keySet())) {
            Registration registration = registered.remove(path);
            if (registration != null) {
                close(registration.node(), path, reachable);
            }
        }
    }

    /** Creates the ephemeral node, replacing one left by another session, and waits for it. */
    private PersistentNode createNode(String path, byte[] data) throws Exception {
        createPersistent(ZKPaths.getPathAndNode(path).getPath());
        Stat stat = client.checkExists().forPath(path);
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat != null && stat.getEphemeralOwner() != session) {
            log.info("Replacing {} left by session 0x{}", path, Long.toHexString(stat.getEphemeralOwner()));
            deleteIfStale(path, session);
        }
        PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
        node.start();
        if (!node.waitForInitialCreate(createTimeoutMillis, TimeUnit.MILLISECONDS)) {
            closeQuietly(node, path);
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not create " + path + " within "
                    + createTimeoutMillis + " ms");
        }
        return node;
    }

    /**
     * Deletes the node at {@code path} if another session owns it. The version guards against
     * deleting a node just re-created as ours; it is read again when the node changed meanwhile, as
     * it does when our PersistentNode, finding the stale node in its way, writes its data into it.
     */
    private void deleteIfStale(String path, long session) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Stat stat = client.checkExists().forPath(path);
            if (stat == null || stat.getEphemeralOwner() == session) {
                return;
            }
            try {
                client.delete().quietly().withVersion(stat.getVersion()).forPath(path);
                return;
            } catch (KeeperException.BadVersionException changed) {
                // changed since it was read: read it again
            }
        }
        log.warn("Could not replace {}: it kept changing; it goes when its session expires", path);
    }

    private void createPersistent(String path) throws Exception {
        if (client.checkExists().forPath(path) == null) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path);
            } catch (KeeperException.NodeExistsException raced) {
                // created meanwhile by another provider
            }
        }
    }

    /**
     * Closes the node, which deletes it. While ZooKeeper is unreachable that delete would wait out
     * every retry, so the closer runs it; Curator's guaranteed delete then removes the node once
     * ZooKeeper is back, if its session survived.
     */
    private void close(PersistentNode node, String path, boolean reachable) {
        if (node == null) {
            return;
        }
        if (reachable) {
            closeQuietly(node, path);
        } else {
            closer.execute(() -> closeQuietly(node, path));
        }
    }

    private static void closeQuietly(PersistentNode node, String path) {
        try {
            node.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the node {} failed: {}", path, e.toString());
        }
    }
}
