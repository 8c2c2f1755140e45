package io.zkrpc.registry.zk;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.curator.utils.DefaultZookeeperFactory;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh loopback ZooKeeper per test, a factory of registries on it, and everything the test
 * opened through it closed afterwards, last opened first. Register it with
 * {@code @RegisterExtension final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();}.
 *
 * <p>Registries built here keep a handle on their ZooKeeper client, so that a test can read their
 * session or expire it as a long pause would, without an accessor on the registry.
 */
final class ZooKeeperExtension implements BeforeEachCallback, AfterEachCallback {

    /** The default deadline of the waits done here. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private enum Server { STARTED, NOT_STARTED, NONE }

    private final Server mode;
    private final Map<ZkRegistryCenter, AtomicReference<ZooKeeper>> handles = new ConcurrentHashMap<>();
    private Closer closer;
    private TestingServer server;
    private CuratorFramework observer;

    private ZooKeeperExtension(Server mode) {
        this.mode = mode;
    }

    /** A server listening before each test. */
    static ZooKeeperExtension running() {
        return new ZooKeeperExtension(Server.STARTED);
    }

    /** A server whose port is chosen before each test, and which listens only once the test starts it. */
    static ZooKeeperExtension notYetRunning() {
        return new ZooKeeperExtension(Server.NOT_STARTED);
    }

    /** No server: the test brings its own ensemble and passes its connect string to {@link #registry}. */
    static ZooKeeperExtension withoutServer() {
        return new ZooKeeperExtension(Server.NONE);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        closer = new Closer();
        observer = null;
        handles.clear();
        server = switch (mode) {
            case STARTED -> closer.add(LoopbackZooKeeper.start());
            case NOT_STARTED -> closer.add(LoopbackZooKeeper.notStarted());
            case NONE -> null;
        };
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closer.close();
    }

    TestingServer server() {
        return server;
    }

    String connectString() {
        return server.getConnectString();
    }

    /** Closes {@code resource} after the test; returns it. */
    <T extends AutoCloseable> T closeAfter(T resource) {
        return closer.add(resource);
    }

    /**
     * A registry on this server, not started, closed after the test. {@code settings} may change
     * anything, the connect string too; a session of 4 s unless it does.
     */
    ZkRegistryCenter registry(UnaryOperator<ZkRegistryCenter.Builder> settings) {
        AtomicReference<ZooKeeper> handle = new AtomicReference<>();
        ZkRegistryCenter.Builder builder = ZkRegistryCenter.builder()
                .sessionTimeout(Duration.ofSeconds(4))
                .customizer(curator -> curator.zookeeperFactory((connectString, sessionTimeout, watcher, canBeReadOnly) -> {
                    ZooKeeper zooKeeper = new DefaultZookeeperFactory().newZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly);
                    handle.set(zooKeeper);
                    return zooKeeper;
                }));
        if (server != null) {
            builder.connectString(server.getConnectString());
        }
        ZkRegistryCenter registry = closer.add(settings.apply(builder).build());
        handles.put(registry, handle);
        return registry;
    }

    /** A started registry, as {@link #registry} builds it. */
    ZkRegistryCenter started(UnaryOperator<ZkRegistryCenter.Builder> settings) {
        ZkRegistryCenter registry = registry(settings);
        registry.start();
        return registry;
    }

    /** A started registry with the default settings. */
    ZkRegistryCenter started() {
        return started(builder -> builder);
    }

    /** A client of this server acting as another process would (an operator, a previous run), closed after the test. */
    CuratorFramework otherClient() throws InterruptedException {
        return closer.add(ZooKeepers.otherClient(server.getConnectString(), DEADLINE));
    }

    /** One client of this server for reading what the registries wrote, made on first use. */
    CuratorFramework observer() throws InterruptedException {
        if (observer == null) {
            observer = otherClient();
        }
        return observer;
    }

    /** The session of the registry's client now: 0 while it has none. */
    long sessionOf(ZkRegistryCenter registry) {
        ZooKeeper handle = handle(registry);
        return handle == null ? 0 : handle.getSessionId();
    }

    /** Expires the registry's session as its client sees it; the server drops it when it times out. */
    void expireSession(ZkRegistryCenter registry) {
        handle(registry).getTestable().injectSessionExpiration();
    }

    /** Whether {@code path} exists, as {@code observer} sees it, owned by the current session of {@code owner}. */
    boolean ownedBy(CuratorFramework observer, String path, ZkRegistryCenter owner) throws Exception {
        Stat stat = observer.checkExists().forPath(path);
        return stat != null && stat.getEphemeralOwner() == sessionOf(owner) && owner.status().connected();
    }

    private ZooKeeper handle(ZkRegistryCenter registry) {
        AtomicReference<ZooKeeper> handle = handles.get(registry);
        if (handle == null) {
            throw new IllegalArgumentException("Not built by this extension: " + registry);
        }
        return handle.get();
    }
}
