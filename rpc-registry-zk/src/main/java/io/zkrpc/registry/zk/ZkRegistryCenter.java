package io.zkrpc.registry.zk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.internal.cluster.ServiceRules;
import io.zkrpc.core.internal.support.ServiceNames;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.RulesListener;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The {@link RegistryCenter} on Apache ZooKeeper, through Curator.
 *
 * <p>A thin facade over three parts: the {@link SessionMachine}, the one owner of the session's
 * state (and of whether it is stable); the {@link Registrations}, this process's instance nodes,
 * queued while ZooKeeper is unreachable and reconciled on every reconnection and periodically; and
 * the {@link Subscriptions}, one {@link ServiceWatch} per subscribed service. The layout of the
 * tree is described in {@link ZkLayout}.
 *
 * <p>{@link #start()} and {@link #stop()} are idempotent. Reconciliation and deliveries run on the
 * registry's own thread, never on ZooKeeper's event thread; closes that may wait for an unreachable
 * ZooKeeper run on a second one.
 */
public final class ZkRegistryCenter implements RegistryCenter {

    private static final Logger log = LoggerFactory.getLogger(ZkRegistryCenter.class);

    private final ZkRegistrySettings settings;
    private final CuratorFramework client;
    private final SessionMachine session;
    private final RegistryThreads threads = new RegistryThreads();
    private final SnapshotStore snapshot;
    private final Lookups lookups;
    private final Registrations registrations;
    private final Subscriptions subscriptions;
    private final Elsewhere elsewhere;
    private final Set<RulesWatch> rulesWatches = ConcurrentHashMap.newKeySet();
    /** The granted session timeout last logged, so that every reconnection does not log it again. */
    private final AtomicInteger reportedTimeout = new AtomicInteger();

    private ZkRegistryCenter(ZkRegistrySettings settings) {
        this.settings = settings;
        this.client = settings.curator().build();
        this.session = new SessionMachine(settings.sessionTimeout(), System::nanoTime);
        this.snapshot = settings.snapshotFile() == null ? null : SnapshotStore.open(settings.snapshotFile());
        InstanceNodes nodes = new InstanceNodes();
        this.lookups = new Lookups(client, session, snapshot, nodes);
        this.elsewhere = new Elsewhere(Elsewhere.Children.of(client), session::isConnected, System::nanoTime);
        this.registrations = new Registrations(client, session::isConnected, settings.connectionTimeout().toMillis(), threads::closeLater);
        this.subscriptions = new Subscriptions(Subscriptions.watches(client, threads.worker(), settings, session, lookups::direct, snapshot, nodes),
                threads::closeLater);
    }

    /** A builder of a registry that creates, and so owns and closes, its own Curator client. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Curator client underneath: for an application that keeps its own data in the same
     * ZooKeeper over the same session, and for inspection. The registry owns it: do not close it.
     */
    public CuratorFramework client() {
        return client;
    }

    /**
     * Starts the client and waits for the first connection.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper cannot be reached within
     *         the connection timeout and the registry fails fast; the registry is then closed
     */
    @Override
    public void start() {
        if (!session.start()) {
            return;
        }
        client.getConnectionStateListenable().addListener((curator, event) -> onConnectionEvent(event));
        client.getUnhandledErrorListenable().addListener(new CuratorErrors());
        if (client.getState() == CuratorFrameworkState.LATENT) { // an application sharing the client may have started it
            client.start();
        }
        String where = client.getZookeeperClient().getCurrentConnectionString();
        long timeout = settings.connectionTimeout().toMillis();
        boolean reached;
        try {
            reached = client.blockUntilConnected((int) timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reached = false;
        }
        if (!reached && settings.failFast()) {
            stop();
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Cannot connect to ZooKeeper at " + where + UnresolvedHosts.clause(where)
                    + " within " + timeout + " ms");
        }
        session.startWaitEnded(reached);
        if (session.isConnected()) {
            // Registrations made during the wait were queued; the connection event that would reconcile them may have come first.
            threads.worker().execute(registrations::reconcileAfterConnection);
        }
        long period = settings.reconcileInterval().toMillis();
        if (period > 0) {
            threads.worker().scheduleWithFixedDelay(registrations::reconcile, period, period, TimeUnit.MILLISECONDS);
        }
        if (session.isConnected()) {
            log.info("Connected to ZooKeeper at {} (namespace /{})", where, Objects.toString(client.getNamespace(), ""));
            reportGrantedTimeout();
        } else {
            log.warn("ZooKeeper at {} is unreachable{}; starting without it: registrations wait for it{}", where,
                    UnresolvedHosts.clause(where), snapshot == null ? "" : ", and lists come from the snapshot " + snapshot.file());
        }
    }

    /** Withdraws every instance registered here, ends every subscription, and closes the client. */
    @Override
    public void stop() {
        SessionMachine.State was = session.close();
        if (was == SessionMachine.State.CLOSED) {
            return;
        }
        boolean reachable = was.connected();
        List.copyOf(rulesWatches).forEach(RulesWatch::close);
        subscriptions.closeAll(reachable);
        registrations.closeAll(reachable);
        if (!reachable && was != SessionMachine.State.LATENT) {
            log.info("Not connected to ZooKeeper: this process's nodes go with its session");
        }
        threads.shutdown();
        client.close();
        log.info("ZooKeeper registry closed");
    }

    @Override
    public void register(ServiceKey service, Instance instance) {
        checkStarted();
        ZooKeeperCalls.run("register " + instance + " for " + service, () -> registrations.register(service, instance));
    }

    @Override
    public void unregister(ServiceKey service, Instance instance) {
        checkStarted();
        ZooKeeperCalls.run("unregister " + instance + " for " + service, () -> registrations.unregister(service, instance));
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
        return lookups.fetch(service);
    }

    /**
     * {@inheritDoc}
     *
     * <p>It reads the environment nodes (at most 16), the service nodes of the interface under
     * them and their instance nodes (at most 8 places): at most 32 reads in all, within 500 ms,
     * with no retry, else none. One lookup per service at a time (calls meanwhile take the last
     * answer, or none); an answer is kept for 5 seconds.
     */
    @Override
    public Map<ServiceKey, Integer> elsewhere(ServiceKey service) {
        checkStarted();
        return elsewhere.find(service);
    }

    @Override
    public Subscription subscribe(ServiceKey service, ChangedListener listener) {
        checkStarted();
        return subscriptions.subscribe(service, listener);
    }

    /**
     * {@inheritDoc}
     *
     * <p>It watches the node {@code /{namespace}/{environment}/{interface}[:{version}]/config}
     * (one {@code CuratorCache} on that single node), delivering on the registry's thread; data
     * over 64 KiB is refused with a WARN and not delivered, and a node without data counts as none.
     */
    @Override
    public Subscription watchRules(ServiceKey service, RulesListener listener) {
        checkStarted();
        RulesWatch watch = new RulesWatch(client, service, listener, threads.worker(), threads::closeLater, rulesWatches::remove);
        rulesWatches.add(watch);
        watch.start();
        return watch;
    }

    /**
     * {@inheritDoc}
     *
     * <p>It reads the node {@code /{namespace}/{environment}/{interface}[:{version}]/config} as
     * {@link #watchRules} does (the same session, so the same credentials and ACL; data over 64 KiB
     * refused with a WARN): one request, no retry, within the connection timeout. While ZooKeeper is
     * unreachable, or when it refuses or does not answer the read, it answers {@code null} with a
     * WARN: the watch delivers the rules once they can be read.
     */
    @Override
    public String fetchRules(ServiceKey service) {
        checkStarted();
        if (!session.isConnected()) {
            return null;
        }
        try {
            return RulesWatch.read(client, service, settings.connectionTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("Could not read the rules of {} ({}): they apply once the watch reads them", service,
                    e instanceof KeeperException keeper ? keeper.code() : e.toString());
            return null;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>It writes the node {@code /{namespace}/{environment}/{interface}[:{version}]/config},
     * creating it (and the service node) when needed, with the registry's ACL when credentials are
     * set, after checking {@code rules} as every consumer will read them.
     *
     * @throws RpcException {@code FORBIDDEN} when ZooKeeper's ACL refuses the write to this
     *         session's credentials (or to none), {@code REGISTRY_UNAVAILABLE} when ZooKeeper does not take it
     * @throws IllegalArgumentException also when the service's interface is no Java binary name or
     *         its version holds other than letters, digits, {@code .}, {@code _} and {@code -}
     */
    @Override
    public void writeRules(ServiceKey service, String rules) {
        checkStarted();
        ServiceNames.check(service);
        String path = ZkLayout.configPath(service);
        if (rules == null) {
            ZooKeeperCalls.run("delete the rules of " + service, () -> {
                try {
                    client.delete().forPath(path);
                } catch (KeeperException.NoNodeException none) {
                    // deleted already
                } catch (KeeperException.NoAuthException refused) {
                    throw noRight("delete", service, path);
                }
            });
            log.info("Deleted the rules of {}", service);
            return;
        }
        ServiceRules parsed = ServiceRules.parse(rules);
        byte[] data = rules.getBytes(StandardCharsets.UTF_8);
        ZooKeeperCalls.run("write the rules of " + service, () -> {
            try {
                setOrCreate(path, data);
            } catch (KeeperException.NoAuthException refused) {
                throw noRight("write", service, path);
            }
        });
        log.info("Wrote the rules of {}: {}", service, parsed.isEmpty() ? "none" : parsed.toJson());
    }

    private void setOrCreate(String path, byte[] data) throws Exception {
        try {
            client.setData().forPath(path, data);
        } catch (KeeperException.NoNodeException absent) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, data);
            } catch (KeeperException.NodeExistsException raced) {
                client.setData().forPath(path, data);
            }
        }
    }

    /** A refusal by the ACL, in words that say so rather than that ZooKeeper is down. */
    private RpcException noRight(String what, ServiceKey service, String path) {
        return new RpcException(RpcErrorCode.FORBIDDEN, "ZooKeeper refused to " + what + " the rules of " + service + " at " + path
                + ": the node's ACL gives this session's credentials (zkrpc.registry.auth.*) no right to; "
                + (settings.auth() == null ? "none are set" : "they are not the node's"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Its details: {@code session} (the session id in hex, while connected), {@code sessionTimeoutMs}
     * (the session timeout the server granted, while connected), {@code sessionState}
     * ({@code STARTING}, {@code CONNECTED}, {@code SUSPENDED}, {@code LOST}, {@code RECONNECTED_UNSTABLE}
     * or {@code CLOSED}), {@code snapshotInUse} (whether lists were served from
     * the snapshot because ZooKeeper was unreachable), {@code heldBack} (the services whose last
     * change is held back until a direct read confirms it) and {@code missing} (the registered
     * nodes not in ZooKeeper: waiting for it to be reachable, or refused by its ACL). Its conflicts are the instance nodes of
     * this process that another live session holds: another process announces the same address.
     */
    @Override
    public RegistryStatus status() {
        SessionMachine.State state = session.state();
        Map<String, Object> details = new LinkedHashMap<>();
        if (state.connected()) {
            try {
                details.put("session", "0x" + Long.toHexString(client.getZookeeperClient().getZooKeeper().getSessionId()));
            } catch (Exception e) {
                // no session to report
            }
        }
        details.put("sessionState", state.name());
        if (state.connected()) {
            details.put("sessionTimeoutMs", client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs());
        }
        details.put("snapshotInUse", session.isSnapshotServed());
        details.put("heldBack", subscriptions.heldBack());
        details.put("missing", registrations.missing());
        return new RegistryStatus("zookeeper " + client.getZookeeperClient().getCurrentConnectionString(), state.connected(),
                registrations.paths(), subscriptions.instanceCounts(), subscriptions.lastChange(), details, registrations.conflicts());
    }

    private void onConnectionEvent(ConnectionState event) {
        SessionMachine.Transition transition = session.on(event);
        if (transition.connectedNow()) {
            if (transition.from() != SessionMachine.State.STARTING) { // start() reports the first connection itself
                log.info("{} to ZooKeeper ({}); reconciling {} registered node(s)",
                        event == ConnectionState.CONNECTED ? "Connected" : "Reconnected", transition.to(), registrations.size());
            }
            if (transition.from() != SessionMachine.State.STARTING) {
                reportGrantedTimeout();
            }
            threads.worker().execute(registrations::reconcileAfterConnection);
        } else if (transition.from() != transition.to() && !transition.to().connected()) {
            log.info("Connection to ZooKeeper {}; keeping the last known instance lists", event);
        }
    }

    /**
     * Logs the session timeout the server granted when it is not the one asked, once per value:
     * ZooKeeper clamps it to 2 to 20 ticks (its minSessionTimeout and maxSessionTimeout), and it
     * decides how soon a crashed provider leaves the consumers' lists.
     */
    private void reportGrantedTimeout() {
        int granted = client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
        long asked = settings.sessionTimeout().toMillis();
        if (granted > 0 && granted != asked && reportedTimeout.getAndSet(granted) != granted) {
            log.info("ZooKeeper granted a session timeout of {} ms instead of the {} ms asked: the server allows 2 to 20 ticks"
                    + " (its minSessionTimeout and maxSessionTimeout)", granted, asked);
        }
    }

    private void checkStarted() {
        if (!session.isOpen()) {
            throw new IllegalStateException("The ZooKeeper registry is " + session.state() + ", not started");
        }
    }

    /** Settings of a {@link ZkRegistryCenter}, copied when it is built. */
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
        private String username;
        private String password;
        private boolean worldReadable = true;
        private final Map<String, String> clientProperties = new HashMap<>();
        private final List<Consumer<CuratorFrameworkFactory.Builder>> customizers = new ArrayList<>();

        /**
         * ZooKeeper's connect string, {@code host:port[,host:port...][/chroot]}; {@code 127.0.0.1:2181}
         * unless set. A chroot ({@code host:2181/team-a}) is created when missing, as the namespace
         * is: everything then lives under {@code /team-a/zkrpc}.
         */
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

        /**
         * ZooKeeper digest credentials: every session authenticates with them, and every node the
         * registry creates (the namespace node, environments, services, providers and instances)
         * carries an ACL giving them every right; none unless set, and then nodes are open to all,
         * as ZooKeeper makes them by default. A blank username means none.
         *
         * @throws IllegalArgumentException at {@link #build()} when the username holds a colon or the password is empty
         */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /**
         * With {@link #credentials}, whether everyone else may read the nodes the registry creates
         * (consumers without credentials then still discover); on unless set. Off leaves them to
         * the credentials alone. Nobody else may ever create, change or delete them.
         */
        public Builder worldReadable(boolean worldReadable) {
            this.worldReadable = worldReadable;
            return this;
        }

        /**
         * Settings of the ZooKeeper client itself ({@code ZKClientConfig}), such as
         * {@code zookeeper.client.secure} and {@code zookeeper.ssl.*} for TLS; added to those already
         * given, over the JVM's system properties of the same names; none unless set.
         */
        public Builder clientProperties(Map<String, String> properties) {
            this.clientProperties.putAll(properties);
            return this;
        }

        /** A last say on the Curator client's settings. */
        public Builder customizer(Consumer<CuratorFrameworkFactory.Builder> customizer) {
            this.customizers.add(customizer);
            return this;
        }

        /** A registry with its own Curator client, neither started nor connected until {@link ZkRegistryCenter#start()}. */
        public ZkRegistryCenter build() {
            return new ZkRegistryCenter(new ZkRegistrySettings(connectString, namespace, sessionTimeout, connectionTimeout,
                    reconcileInterval, protection, maxRemovalShare, failFast, snapshotFile, retryPolicy,
                    ZkAuth.of(username, password, worldReadable), clientProperties, customizers));
        }
    }
}
