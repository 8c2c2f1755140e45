package io.zkrpc.registry.zk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The {@link RegistryCenter} on Apache ZooKeeper, through Curator.
 *
 * <p>Each registered instance is a Curator {@link PersistentNode} in ephemeral mode, which
 * re-creates the node when the session is lost and found again. On every reconnection, and
 * periodically, the registered nodes are reconciled: a node missing, owned by another (stale)
 * session, or holding other data is repaired, with one INFO line per repair. Each subscribed
 * service has one {@link org.apache.curator.framework.recipes.cache.CuratorCache} on its providers
 * node (see {@link ServiceWatch}). The layout of the tree is described in {@link ZkLayout}.
 *
 * <p>Its state moves LATENT, STARTED, CLOSED; {@link #start()} and {@link #stop()} are idempotent.
 * Reconciliation and deliveries run on the registry's own thread, never on ZooKeeper's event thread.
 */
public final class ZkRegistryCenter implements RegistryCenter {

    private static final Logger log = LoggerFactory.getLogger(ZkRegistryCenter.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final CuratorFramework client;
    private final Builder settings;
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    private final Map<ServiceKey, ServiceWatch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zkrpc-registry");
        thread.setDaemon(true);
        return thread;
    });
    /** Until when a mass removal is suspect: while disconnected, and for a while after reconnecting. */
    private volatile long unstableUntil = System.nanoTime();
    private volatile boolean connected;
    private volatile boolean snapshotInUse;
    /** Set once {@link #start()} has returned: a first connection before that is the start's own, not a recovery. */
    private volatile boolean startFinished;
    private final SnapshotStore snapshot;

    /** One registered instance node; {@code node} is {@code null} until ZooKeeper was reachable. */
    private record Registration(ServiceKey service, Instance instance, byte[] data, PersistentNode node) {
    }

    private ZkRegistryCenter(CuratorFramework client, Builder settings) {
        this.client = client;
        this.settings = settings;
        this.snapshot = settings.snapshotFile == null ? null : SnapshotStore.open(settings.snapshotFile);
    }

    /** A builder of a registry that creates, and so owns and closes, its own Curator client. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Curator client underneath, for inspection and tests. */
    public CuratorFramework client() {
        return client;
    }

    /**
     * Starts the client and waits for the first connection.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper cannot be reached within
     *         the connection timeout; the registry is then closed
     */
    @Override
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            return;
        }
        client.getConnectionStateListenable().addListener((curator, newState) -> onConnectionState(newState));
        if (client.getState() == CuratorFrameworkState.LATENT) {
            client.start();
        }
        String where = client.getZookeeperClient().getCurrentConnectionString();
        boolean reached;
        try {
            reached = client.blockUntilConnected((int) settings.connectionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reached = false;
        }
        if (!reached && settings.failFast) {
            stop();
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Cannot connect to ZooKeeper at " + where
                    + " within " + settings.connectionTimeout.toMillis() + " ms");
        }
        if (reached) {
            connected = true;
        }
        startFinished = true;
        if (!connected && client.getZookeeperClient().isConnected()) {
            // The first connection came between the wait's end and now, and its event was taken as the start's own.
            onConnectionState(ConnectionState.RECONNECTED);
        }
        long period = settings.reconcileInterval.toMillis();
        if (period > 0) {
            worker.scheduleWithFixedDelay(this::reconcile, period, period, TimeUnit.MILLISECONDS);
        }
        if (reached) {
            log.info("Connected to ZooKeeper at {} (namespace /{})", where, Objects.toString(client.getNamespace(), ""));
        } else {
            log.warn("ZooKeeper at {} is unreachable; starting without it: registrations wait for it{}", where,
                    snapshot == null ? "" : ", and lists come from the snapshot " + snapshot.file());
        }
    }

    /** Withdraws every instance registered here, ends every subscription, and closes the client. */
    @Override
    public void stop() {
        if (!state.compareAndSet(State.STARTED, State.CLOSED) && !state.compareAndSet(State.LATENT, State.CLOSED)) {
            return;
        }
        if (connected) {
            watches.values().forEach(ServiceWatch::close);
        } else {
            // Closing a cache removes its watch on the server, which would wait out every retry; closing the client ends it too.
            watches.values().forEach(ServiceWatch::stopDelivering);
        }
        watches.clear();
        for (String path : List.copyOf(registered.keySet())) {
            close(registered.remove(path).node(), path);
        }
        if (!connected) {
            log.info("Not connected to ZooKeeper: this process's nodes go with its session");
        }
        worker.shutdownNow();
        client.close();
        log.info("ZooKeeper registry closed");
    }

    @Override
    public void register(ServiceKey service, Instance instance) {
        checkStarted();
        String path = ZkLayout.instancePath(service, instance);
        byte[] data = ZkLayout.encode(instance);
        try {
            Registration existing = registered.get(path);
            if (existing != null && existing.node() != null) {
                existing.node().setData(data);
                registered.put(path, new Registration(service, instance, data, existing.node()));
                return;
            }
            if (!connected) {
                registered.put(path, new Registration(service, instance, data, null));
                log.info("ZooKeeper is unreachable: {} will be registered as soon as it is back", path);
                return;
            }
            registered.put(path, new Registration(service, instance, data, createNode(path, data)));
            log.debug("Created {}", path);
        } catch (RpcException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("register " + instance + " for " + service, e);
        } catch (Exception e) {
            throw unavailable("register " + instance + " for " + service, e);
        }
    }

    @Override
    public void unregister(ServiceKey service, Instance instance) {
        checkStarted();
        String path = ZkLayout.instancePath(service, instance);
        Registration registration = registered.remove(path);
        if (registration != null) {
            close(registration.node(), path);
        }
        if (!connected) {
            log.info("Not connected to ZooKeeper: {} is deleted once ZooKeeper is back, or goes with the session", path);
            return;
        }
        try {
            client.delete().quietly().forPath(path);
        } catch (Exception e) {
            throw unavailable("unregister " + instance + " for " + service, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>While ZooKeeper is unreachable, the list comes from the snapshot file.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper is unreachable and the
     *         snapshot has no list for the service
     */
    @Override
    public List<Instance> fetchAll(ServiceKey service) {
        checkStarted();
        if (!connected) {
            List<Instance> kept = snapshot == null ? null : snapshot.get(service);
            if (kept == null) {
                throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "The registry is unreachable and there is no snapshot for service " + service);
            }
            snapshotInUse = true;
            log.warn("ZooKeeper is unreachable: {} starts from the snapshot {} ({} instance(s))", service, snapshot.file(), kept.size());
            return kept;
        }
        return readFromZooKeeper(service);
    }

    /**
     * Reads the instances from ZooKeeper itself, never from the snapshot.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper is unreachable
     */
    private List<Instance> readFromZooKeeper(ServiceKey service) {
        if (!connected) {
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "ZooKeeper is unreachable");
        }
        String providers = ZkLayout.providersPath(service);
        try {
            List<Instance> instances = new ArrayList<>();
            for (String child : client.getChildren().forPath(providers)) {
                String path = providers + "/" + child;
                try {
                    instances.add(ZkLayout.decode(client.getData().forPath(path)));
                } catch (KeeperException.NoNodeException gone) {
                    // removed between the listing and the read
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring node {} of {}: {}", path, service, e.getMessage());
                }
            }
            return List.copyOf(instances);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw unavailable("read the instances of " + service, e);
        }
    }

    @Override
    public Subscription subscribe(ServiceKey service, ChangedListener listener) {
        checkStarted();
        // The listener joins inside compute, so that a concurrent last unsubscribe cannot close the watch in between.
        watches.compute(service, (key, existing) -> {
            ServiceWatch watch = existing;
            if (watch == null) {
                watch = new ServiceWatch(client, key, worker, new ServiceWatch.Protection(
                        settings.protection, settings.maxRemovalShare, this::isUnstable, () -> readFromZooKeeper(key)), snapshot);
                watch.start();
                log.info("Subscribed to {}", key);
            }
            watch.add(listener);
            return watch;
        });
        return () -> watches.computeIfPresent(service, (key, current) -> {
            if (current.remove(listener)) {
                return current;
            }
            current.stopDelivering();
            closeOffThread(current::close, "zkrpc-registry-unsubscribe");
            log.info("Unsubscribed from {}", key);
            return null;
        });
    }

    @Override
    public RegistryStatus status() {
        String session = null;
        try {
            session = connected ? "0x" + Long.toHexString(client.getZookeeperClient().getZooKeeper().getSessionId()) : null;
        } catch (Exception e) {
            // no session to report
        }
        Map<String, Integer> subscriptions = new TreeMap<>();
        List<String> heldBack = new ArrayList<>();
        Instant lastChange = null;
        for (Map.Entry<ServiceKey, ServiceWatch> entry : watches.entrySet()) {
            ServiceWatch watch = entry.getValue();
            subscriptions.put(entry.getKey().toString(), watch.instanceCount());
            if (watch.isHolding()) {
                heldBack.add(entry.getKey().toString());
            }
            if (watch.lastChange() != null && (lastChange == null || watch.lastChange().isAfter(lastChange))) {
                lastChange = watch.lastChange();
            }
        }
        return new RegistryStatus("zookeeper " + client.getZookeeperClient().getCurrentConnectionString(), connected, session,
                registered.keySet().stream().sorted().toList(), subscriptions, lastChange, snapshotInUse, heldBack);
    }

    /** Whether the session is suspended, or was re-established recently: when a mass removal may be an artefact. */
    boolean isUnstable() {
        return !connected || System.nanoTime() - unstableUntil < 0;
    }

    private void onConnectionState(ConnectionState newState) {
        switch (newState) {
            case SUSPENDED, LOST -> {
                connected = false;
                log.info("Connection to ZooKeeper {}; keeping the last known instance lists", newState);
            }
            case CONNECTED, RECONNECTED -> {
                if (state.get() != State.STARTED || newState == ConnectionState.CONNECTED && (connected || !startFinished)) {
                    return;
                }
                connected = true;
                snapshotInUse = false;
                unstableUntil = System.nanoTime() + 2 * settings.sessionTimeout.toNanos();
                log.info("{} to ZooKeeper; reconciling {} registered node(s)", newState == ConnectionState.CONNECTED ? "Connected" : "Reconnected",
                        registered.size());
                worker.execute(this::reconcile);
            }
            default -> {
                // READ_ONLY needs nothing
            }
        }
    }

    /** Repairs every registered node that is missing, owned by another session, or holds other data. */
    private void reconcile() {
        if (state.get() != State.STARTED || !connected) {
            return;
        }
        for (Map.Entry<String, Registration> entry : registered.entrySet()) {
            String path = entry.getKey();
            Registration registration = entry.getValue();
            try {
                if (registration.node() == null) {
                    PersistentNode node = createNode(path, registration.data());
                    if (registered.replace(path, registration, new Registration(registration.service(), registration.instance(),
                            registration.data(), node))) {
                        log.info("Registered {} now that ZooKeeper is reachable", path);
                    } else {
                        closeQuietly(node, path);
                    }
                    continue;
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("Could not reconcile {}: {}", path, e.toString());
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
        if (!node.waitForInitialCreate(settings.connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            closeQuietly(node, path);
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not create " + path + " within "
                    + settings.connectionTimeout.toMillis() + " ms");
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

    private void checkStarted() {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("The ZooKeeper registry is " + state.get() + ", not STARTED");
        }
    }

    /**
     * Closes the node, which deletes it. While ZooKeeper is unreachable that delete would wait out
     * every retry, so the node is closed on a thread of its own; Curator's guaranteed delete then
     * removes it once ZooKeeper is back, if its session survived.
     */
    private void close(PersistentNode node, String path) {
        if (node == null) {
            return;
        }
        if (connected) {
            closeQuietly(node, path);
            return;
        }
        closeOffThread(() -> closeQuietly(node, path), "zkrpc-registry-close");
    }

    /** Runs a close that talks to ZooKeeper on a thread of its own, so that an outage never blocks the registry's thread. */
    private static void closeOffThread(Runnable close, String name) {
        Thread closing = new Thread(close, name);
        closing.setDaemon(true);
        closing.start();
    }

    private static void closeQuietly(PersistentNode node, String path) {
        if (node == null) {
            return;
        }
        try {
            node.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the node {} failed: {}", path, e.toString());
        }
    }

    private static RpcException unavailable(String action, Exception cause) {
        return new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not " + action + ": " + cause, cause);
    }

    /** Settings of a {@link ZkRegistryCenter}. */
    public static final class Builder {

        private String connectString = "127.0.0.1:2181";
        private String namespace = "zkrpc";
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration reconcileInterval = Duration.ofSeconds(30);
        private boolean protection = true;
        private boolean failFast;
        private Path snapshotFile;
        private double maxRemovalShare = 0.5;
        private RetryPolicy retryPolicy = new ExponentialBackoffRetry(200, 5, 2_000);
        private final List<Consumer<CuratorFrameworkFactory.Builder>> customizers = new ArrayList<>();

        /** ZooKeeper's connect string, {@code host:port[,host:port...]}; {@code 127.0.0.1:2181} unless set. */
        public Builder connectString(String connectString) {
            this.connectString = connectString;
            return this;
        }

        /** The root node under which everything is kept; {@code zkrpc} unless set. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** How long ZooKeeper keeps a silent session (and its ephemeral nodes); 10 s unless set. */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** How long to wait for a connection, at start and for each registration; 5 s unless set. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** How often registered nodes are checked and repaired, besides every reconnection; 30 s unless set, zero for never. */
        public Builder reconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
            return this;
        }

        /**
         * Whether a change that removes every instance of a service, or more than
         * {@code maxRemovalShare} of them, while the session is suspended or just re-established,
         * is held back until a direct read confirms it; on unless set, with a share of 0.5.
         */
        public Builder massRemovalProtection(boolean enabled, double maxRemovalShare) {
            this.protection = enabled;
            this.maxRemovalShare = maxRemovalShare;
            return this;
        }

        /**
         * Whether {@link ZkRegistryCenter#start()} fails when ZooKeeper cannot be reached within the
         * connection timeout; off unless set: the registry starts, registers and subscribes once
         * ZooKeeper is reachable, and serves lists from the snapshot meanwhile.
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /** The file keeping the last known lists, for a start while ZooKeeper is unreachable; none unless set. */
        public Builder snapshotFile(Path snapshotFile) {
            this.snapshotFile = snapshotFile;
            return this;
        }

        /** How Curator retries failed operations; exponential back-off from 200 ms, 5 times, unless set. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** A last say on the Curator client's settings. */
        public Builder customizer(Consumer<CuratorFrameworkFactory.Builder> customizer) {
            this.customizers.add(customizer);
            return this;
        }

        /** A registry with its own Curator client, neither started nor connected until {@link ZkRegistryCenter#start()}. */
        public ZkRegistryCenter build() {
            CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                    .connectString(connectString)
                    .namespace(namespace == null || namespace.isBlank() ? null : namespace)
                    .sessionTimeoutMs((int) sessionTimeout.toMillis())
                    .connectionTimeoutMs((int) connectionTimeout.toMillis())
                    .retryPolicy(retryPolicy);
            customizers.forEach(customizer -> customizer.accept(curator));
            return new ZkRegistryCenter(curator.build(), this);
        }
    }
}
