package io.zkrpc.registry.zk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
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
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The {@link RegistryCenter} on Apache ZooKeeper, through Curator.
 *
 * <p>Each registered instance is a Curator {@link PersistentNode} in ephemeral mode, which
 * re-creates the node when the session is lost and found again. Each subscribed service has one
 * {@link org.apache.curator.framework.recipes.cache.CuratorCache} on its providers node. The
 * layout of the tree is described in {@link ZkLayout}.
 *
 * <p>Its state moves LATENT, STARTED, CLOSED; {@link #start()} and {@link #stop()} are idempotent.
 */
public final class ZkRegistryCenter implements RegistryCenter {

    private static final Logger log = LoggerFactory.getLogger(ZkRegistryCenter.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final CuratorFramework client;
    private final boolean ownsClient;
    private final Duration connectionTimeout;
    private final Map<String, PersistentNode> registered = new ConcurrentHashMap<>();
    private final Map<ServiceKey, ServiceWatch> watches = new ConcurrentHashMap<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zkrpc-registry-notifier");
        thread.setDaemon(true);
        return thread;
    });

    private ZkRegistryCenter(CuratorFramework client, boolean ownsClient, Duration connectionTimeout) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connectionTimeout = connectionTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registry on a Curator client that the caller created and keeps ownership of; it is
     * started here if it is not yet, and never closed here.
     */
    public static ZkRegistryCenter using(CuratorFramework client, Duration connectionTimeout) {
        return new ZkRegistryCenter(client, false, connectionTimeout);
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
        if (client.getState() == CuratorFrameworkState.LATENT) {
            client.start();
        }
        String where = client.getZookeeperClient().getCurrentConnectionString();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            stop();
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Cannot connect to ZooKeeper at " + where
                    + " within " + connectionTimeout.toMillis() + " ms");
        }
        log.info("Connected to ZooKeeper at {} (namespace /{})", where, Objects.toString(client.getNamespace(), ""));
    }

    /** Withdraws every instance registered here, ends every subscription, and closes the client if owned. */
    @Override
    public void stop() {
        if (!state.compareAndSet(State.STARTED, State.CLOSED) && !state.compareAndSet(State.LATENT, State.CLOSED)) {
            return;
        }
        watches.values().forEach(ServiceWatch::close);
        watches.clear();
        for (String path : List.copyOf(registered.keySet())) {
            closeQuietly(registered.remove(path), path);
        }
        notifier.shutdownNow();
        if (ownsClient) {
            client.close();
        }
        log.info("ZooKeeper registry closed");
    }

    @Override
    public void register(ServiceKey service, Instance instance) {
        checkStarted();
        String path = ZkLayout.instancePath(service, instance);
        byte[] data = ZkLayout.encode(instance);
        try {
            PersistentNode existing = registered.get(path);
            if (existing != null) {
                existing.setData(data);
                return;
            }
            createPersistent(ZkLayout.providersPath(service));
            replaceForeignNode(path);
            PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
            node.start();
            if (!node.waitForInitialCreate(connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(node, path);
                throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not create " + path + " within "
                        + connectionTimeout.toMillis() + " ms");
            }
            registered.put(path, node);
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
        PersistentNode node = registered.remove(path);
        if (node != null) {
            closeQuietly(node, path);
        }
        try {
            client.delete().quietly().forPath(path);
        } catch (Exception e) {
            throw unavailable("unregister " + instance + " for " + service, e);
        }
    }

    @Override
    public List<Instance> fetchAll(ServiceKey service) {
        checkStarted();
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
        ServiceWatch watch = watches.computeIfAbsent(service, key -> {
            ServiceWatch created = new ServiceWatch(client, key, notifier);
            created.start();
            log.info("Subscribed to {}", key);
            return created;
        });
        watch.add(listener);
        return () -> watches.computeIfPresent(service, (key, current) -> {
            if (current.remove(listener)) {
                return current;
            }
            current.close();
            log.info("Unsubscribed from {}", key);
            return null;
        });
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

    /** Deletes an instance node left by another session (a previous run of this process), so that ours can take its place. */
    private void replaceForeignNode(String path) throws Exception {
        Stat stat = client.checkExists().forPath(path);
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat != null && stat.getEphemeralOwner() != session) {
            log.info("Replacing {} left by session 0x{}", path, Long.toHexString(stat.getEphemeralOwner()));
            client.delete().quietly().withVersion(stat.getVersion()).forPath(path);
        }
    }

    private void checkStarted() {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("The ZooKeeper registry is " + state.get() + ", not STARTED");
        }
    }

    private static void closeQuietly(PersistentNode node, String path) {
        try {
            node.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the node {} failed: {}", path, e.toString());
        }
    }

    private static RpcException unavailable(String action, Exception cause) {
        return new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not " + action + ": " + cause, cause);
    }

    /** Settings of a {@link ZkRegistryCenter} that creates and owns its Curator client. */
    public static final class Builder {

        private String connectString = "127.0.0.1:2181";
        private String namespace = "zkrpc";
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration connectionTimeout = Duration.ofSeconds(5);
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

        public ZkRegistryCenter build() {
            CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                    .connectString(connectString)
                    .namespace(namespace == null || namespace.isBlank() ? null : namespace)
                    .sessionTimeoutMs((int) sessionTimeout.toMillis())
                    .connectionTimeoutMs((int) connectionTimeout.toMillis())
                    .retryPolicy(retryPolicy);
            customizers.forEach(customizer -> customizer.accept(curator));
            return new ZkRegistryCenter(curator.build(), true, connectionTimeout);
        }
    }
}
