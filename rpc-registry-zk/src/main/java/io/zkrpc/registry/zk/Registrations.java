package io.zkrpc.registry.zk;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link #reconcile()}; reconciliation also repairs a node that is missing at two passes in a row
 * (its PersistentNode gave up, as it does after one NoAuth), owned by another (stale) session, or
 * holding other data, with one line per repair.
 *
 * <p>A node owned by another session cannot be told at first from one left by a previous run of
 * this instance whose session has not expired yet, so it is replaced once. If that session takes
 * the node back, it is alive: another process announces the same address. That is a conflict,
 * reported once at ERROR and in {@link #conflicts()}, and the node is left alone until it is free.
 */
final class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);
    /** Sessions this client held before; far more than a process sees, and bounded all the same. */
    private static final int MAX_OWN_SESSIONS = 64;

    /**
     * One registered instance node; {@code node} is {@code null} while it waits for ZooKeeper to
     * be reachable; {@code refused} when ZooKeeper refused to create it (NoAuth), until it accepts.
     */
    private record Registration(byte[] data, InstanceNode node, boolean refused) {

        Registration(byte[] data, InstanceNode node) {
            this(data, node, false);
        }
    }

    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    /** The other session whose node was last replaced, by path: if it holds the node again, it is alive. */
    private final Map<String, Long> replaced = new ConcurrentHashMap<>();
    /** The sentence reporting each conflict, by path. */
    private final Map<String, String> conflicts = new ConcurrentHashMap<>();
    private final Set<Long> ownSessions = ConcurrentHashMap.newKeySet();
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
            forget(path);
            close(registration.node(), path, reachable);
        }
        if (!reachable) {
            log.info("Not connected to ZooKeeper: {} is deleted once ZooKeeper is back, or goes with the session", path);
            return;
        }
        deleteIfOurs(path);
    }

    /** The registered node paths, sorted. */
    List<String> paths() {
        return registered.keySet().stream().sorted().toList();
    }

    int size() {
        return registered.size();
    }

    /** The registered node paths that have no node in ZooKeeper yet: waiting for it to be reachable, or refused; sorted. */
    List<String> missing() {
        return registered.entrySet().stream().filter(entry -> entry.getValue().node() == null || entry.getValue().refused())
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** The registrations another live session holds, one sentence each, sorted by path. */
    List<String> conflicts() {
        return new TreeMap<>(conflicts).values().stream().toList();
    }

    /**
     * Repairs every registered node that is missing, owned by another session, or holds other
     * data. A node missing at this pass and the one before, and not created by its PersistentNode
     * in between, has a PersistentNode that gave up (a live one re-creates its node as soon as it
     * is deleted): it gets a new one. A node missing at one pass only may be on its way back.
     */
    void reconcile() {
        reconcile(false);
    }

    /**
     * Repairs as {@link #reconcile()} does, right after the session was (re-)established: a
     * missing node is re-created, and its PersistentNode, re-creating it too, is kept.
     */
    void reconcileAfterConnection() {
        reconcile(true);
    }

    private void reconcile(boolean afterConnection) {
        if (!connected.getAsBoolean()) {
            return;
        }
        for (Map.Entry<String, Registration> entry : registered.entrySet()) {
            try {
                reconcile(entry.getKey(), entry.getValue(), afterConnection);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KeeperException.NoNodeException gone) {
                // unregistered, and deleted, while this pass was on its way
            } catch (Exception e) {
                log.warn("Could not reconcile {}: {}", entry.getKey(), e.toString());
            }
        }
    }

    private void reconcile(String path, Registration registration, boolean afterConnection) throws Exception {
        if (registration.node() == null) {
            createWaiting(path, registration, false);
            return;
        }
        Stat stat = client.checkExists().forPath(path);
        long session = session();
        if (stat == null) {
            repairMissing(path, registration, afterConnection);
        } else if (stat.getEphemeralOwner() != session) {
            // Deleting it makes the PersistentNode, which watches the path, create it again as ours.
            makeWay(path, stat, session);
        } else {
            registration.node().seen();
            resolved(path);
            if (!Arrays.equals(client.getData().forPath(path), registration.data())) {
                log.info("Repairing {}: its data was changed", path);
                registration.node().setData(registration.data());
            }
        }
    }

    /**
     * Creates the node of a registration that has none: it waited for ZooKeeper to be reachable, or
     * to accept it, or its PersistentNode had given up ({@code gaveUp}).
     */
    private void createWaiting(String path, Registration registration, boolean gaveUp) throws Exception {
        boolean conflicted = conflicts.containsKey(path);
        InstanceNode node;
        try {
            node = createNode(path, registration.data());
        } catch (KeeperException.NoAuthException e) {
            refused(path, registration);
            return;
        }
        if (node == null) {
            return; // another live session holds it: reported
        }
        if (!registered.replace(path, registration, new Registration(registration.data(), node))) {
            closeQuietly(node, path); // unregistered meanwhile
            deleteIfOurs(path);
        } else if (registration.refused()) {
            log.info("Registered {} again: ZooKeeper accepts it now", path);
        } else if (gaveUp) {
            log.warn("Re-created {}: it was missing at two reconciliations in a row, as its PersistentNode had stopped"
                    + " re-creating it (it does after ZooKeeper refuses it once, with NoAuth)", path);
        } else if (!conflicted) {
            log.info("Registered {} now that ZooKeeper is reachable", path);
        }
    }

    /**
     * Re-creates a missing node. Curator's PersistentNode stops for good after ZooKeeper refuses
     * it once (NoAuth), and says so only in its log. A live one re-creates its node at once, but a
     * pass may land between a delete and that re-create, where closing it would delete the node it
     * is re-creating: so only a node missing at the previous pass too, with no re-create by its
     * PersistentNode in between, says it gave up, and it is replaced. Right after a reconnection it
     * is re-creating the node too, and is kept.
     */
    private void repairMissing(String path, Registration registration, boolean afterConnection) throws Exception {
        if (afterConnection) {
            registration.node().seen();
        } else if (!registration.node().missedTwice() && !registration.refused()) {
            return; // missing at this pass only: the next one tells whether it comes back
        }
        if (registration.refused() || !afterConnection) {
            closeQuietly(registration.node(), path); // it has no node to delete
            Registration waiting = new Registration(registration.data(), null, registration.refused());
            if (registered.replace(path, registration, waiting)) {
                createWaiting(path, waiting, true);
            }
            return;
        }
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, registration.data());
        } catch (KeeperException.NodeExistsException raced) {
            return; // the PersistentNode re-created it meanwhile
        } catch (KeeperException.NoAuthException e) {
            refused(path, registration);
            return;
        }
        log.info("Repairing {}: it was missing", path);
        if (!registered.containsKey(path)) {
            // unregister() removed it from the map, then deleted the node, while this pass was on its way
            client.delete().quietly().forPath(path);
        }
    }

    /** ZooKeeper refused to create the node: reported once, and retried at every reconciliation. */
    private void refused(String path, Registration registration) {
        if (!registration.refused() && registered.replace(path, registration,
                new Registration(registration.data(), registration.node(), true))) {
            log.warn("ZooKeeper refuses to create {} (NoAuth): the ACL of {} must let this client create there;"
                    + " retrying at every reconciliation", path, ZKPaths.getPathAndNode(path).getPath());
        }
    }

    /** Withdraws every registration; {@code reachable} says whether ZooKeeper can be waited for. */
    void closeAll(boolean reachable) {
        for (String path : List.copyOf(registered.keySet())) {
            Registration registration = registered.remove(path);
            if (registration != null) {
                forget(path);
                close(registration.node(), path, reachable);
            }
        }
    }

    /**
     * Creates the ephemeral node, replacing one left by another session, and waits for it;
     * {@code null} when another live session holds it (a conflict, reported).
     *
     * @throws KeeperException.NoAuthException when ZooKeeper refuses it
     */
    private InstanceNode createNode(String path, byte[] data) throws Exception {
        createPersistent(ZKPaths.getPathAndNode(path).getPath());
        long session = session();
        Stat stat = client.checkExists().forPath(path);
        if (stat != null && stat.getEphemeralOwner() != session && !makeWay(path, stat, session)) {
            return null;
        }
        try {
            // Created here first, so that a refusal is seen now: the PersistentNode would only log it and give up.
            client.create().withMode(CreateMode.EPHEMERAL).forPath(path, data);
        } catch (KeeperException.NodeExistsException raced) {
            // re-created meanwhile; the PersistentNode takes it over
        }
        resolved(path);
        InstanceNode node = new InstanceNode(client, path, data);
        node.start();
        if (!node.waitForInitialCreate(createTimeoutMillis, TimeUnit.MILLISECONDS)) {
            closeQuietly(node, path);
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not create " + path + " within "
                    + createTimeoutMillis + " ms");
        }
        return node;
    }

    /**
     * Deals with the node at {@code path} that another session owns: replaces it when that
     * session is an earlier one of this client, or one not replaced before (a previous run of this
     * instance whose session has not expired yet looks the same); reports a conflict when it is
     * the session replaced before, holding the node again, so alive. Returns whether it made way.
     */
    private boolean makeWay(String path, Stat stat, long session) throws Exception {
        long owner = stat.getEphemeralOwner();
        if (ownSessions.contains(owner)) {
            log.info("Replacing {}: it was left by an earlier session of this registry, 0x{}", path, Long.toHexString(owner));
        } else if (owner != 0 && Long.valueOf(owner).equals(replaced.get(path))) {
            conflict(path, owner);
            return false;
        } else {
            log.info("Replacing {}: it was owned by session 0x{}, stale unless it takes the node back", path, Long.toHexString(owner));
            replaced.put(path, owner);
        }
        deleteIfStale(path, session);
        return true;
    }

    private void conflict(String path, long owner) {
        String address = ZKPaths.getNodeFromPath(path);
        String sentence = path + " is held by another live ZooKeeper session, 0x" + Long.toHexString(owner)
                + ": another process announces the same address " + address + ", so this instance gets no traffic there;"
                + " give each instance its own address (zkrpc.provider.host, the announced host, or the port)";
        if (conflicts.put(path, sentence) == null) {
            log.error("Not registered: {}", sentence);
        }
    }

    /** The node is ours now: a conflict on it is over. */
    private void resolved(String path) {
        if (conflicts.remove(path) != null) {
            log.info("Registered {}: the other process that held it has left", path);
        }
    }

    private void forget(String path) {
        replaced.remove(path);
        conflicts.remove(path);
    }

    /** The current session, remembered as one of this client's, so that a node it leaves is known as stale later. */
    private long session() throws Exception {
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (session != 0 && !ownSessions.contains(session)) {
            if (ownSessions.size() >= MAX_OWN_SESSIONS) {
                ownSessions.clear();
            }
            ownSessions.add(session);
        }
        return session;
    }

    /** Deletes the node at {@code path} unless another live session holds it. */
    private void deleteIfOurs(String path) throws Exception {
        Stat stat = client.checkExists().forPath(path);
        if (stat != null && (stat.getEphemeralOwner() == session() || ownSessions.contains(stat.getEphemeralOwner()))) {
            client.delete().quietly().withVersion(stat.getVersion()).forPath(path);
        }
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
    private void close(InstanceNode node, String path, boolean reachable) {
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

    /**
     * A {@link PersistentNode} whose close deletes the node only when another session does not
     * hold it (in a conflict, the node is the other process's), and that counts the times it
     * created its node, so that reconciliation can tell one that gave up from one on its way.
     */
    private static final class InstanceNode extends PersistentNode {

        private static final long NOT_MISSED = -1;

        private final CuratorFramework client;
        private final AtomicLong creations = new AtomicLong();
        /** The count of creations when the last pass found the node missing, or {@link #NOT_MISSED}. */
        private final AtomicLong missedAt = new AtomicLong(NOT_MISSED);

        InstanceNode(CuratorFramework client, String path, byte[] data) {
            super(client, CreateMode.EPHEMERAL, false, path, data);
            this.client = client;
            // Told of every node it creates itself, not of one it finds in place (created by register or a repair).
            getListenable().addListener(created -> creations.incrementAndGet());
        }

        /**
         * Records a pass that found the node missing; {@code true} when the pass before found it
         * missing too and this PersistentNode created no node since: it gave up.
         */
        boolean missedTwice() {
            long now = creations.get();
            return missedAt.getAndSet(now) == now;
        }

        /** A pass found the node in place, or re-created it itself. */
        void seen() {
            missedAt.set(NOT_MISSED);
        }

        @Override
        protected void deleteNode() throws Exception {
            String path = getActualPath();
            if (path != null && client.getZookeeperClient().isConnected()) {
                Stat stat = client.checkExists().forPath(path);
                if (stat != null && stat.getEphemeralOwner() != client.getZookeeperClient().getZooKeeper().getSessionId()) {
                    return;
                }
            }
            super.deleteNode();
        }
    }
}
