package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** Registration and lookup against a real ZooKeeper. */
class ZkRegistryCenterTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("weight", "100"));
    private static final Instance SECOND = new Instance("http", "127.0.0.1", 8082, "/zkrpc", Map.of("weight", "100"));

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private ZkRegistryCenter registry;
    private CuratorFramework observer;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = startedRegistry(Duration.ofSeconds(10));
        observer = zookeeper.observer();
    }

    @Test
    void registerCreatesAPersistentServiceNodeAndAnEphemeralInstanceNode() throws Exception {
        registry.register(ORDERS, FIRST);

        Stat service = observer.checkExists().forPath("/test/com.example.OrderService:1.0");
        Stat providers = observer.checkExists().forPath("/test/com.example.OrderService:1.0/providers");
        Stat instance = observer.checkExists().forPath("/test/com.example.OrderService:1.0/providers/127.0.0.1:8081");
        assertThat(service).isNotNull();
        assertThat(service.getEphemeralOwner()).isZero();
        assertThat(providers).isNotNull();
        assertThat(providers.getEphemeralOwner()).isZero();
        assertThat(instance).isNotNull();
        assertThat(instance.getEphemeralOwner()).isNotZero().isEqualTo(zookeeper.sessionOf(registry));
    }

    @Test
    void instanceNodeDataDecodesToTheRegisteredInstance() throws Exception {
        registry.register(ORDERS, FIRST);

        byte[] data = observer.getData().forPath(ZkLayout.instancePath(ORDERS, FIRST));

        assertThat(ZkLayout.decode(data)).isEqualTo(FIRST);
        assertThat(ZkLayout.decode(data).metadata()).containsEntry("weight", "100");
    }

    @Test
    void registeringAgainReplacesTheMetadataOfTheSameNode() throws Exception {
        registry.register(ORDERS, FIRST);
        Instance reweighted = new Instance("http", FIRST.host(), FIRST.port(), "/zkrpc", Map.of("weight", "5"));

        registry.register(ORDERS, reweighted);

        Polling.await("the new metadata is stored").atMost(DEADLINE)
                .until(() -> ZkLayout.decode(observer.getData().forPath(ZkLayout.instancePath(ORDERS, FIRST))).equals(reweighted));
        assertThat(registry.fetchAll(ORDERS)).containsExactly(reweighted);
        assertThat(observer.checkExists().forPath(ZkLayout.instancePath(ORDERS, FIRST)).getEphemeralOwner())
                .isEqualTo(zookeeper.sessionOf(registry));
    }

    @Test
    void unregisterRemovesTheInstanceNode() throws Exception {
        registry.register(ORDERS, FIRST);
        registry.register(ORDERS, SECOND);

        registry.unregister(ORDERS, FIRST);

        assertThat(observer.checkExists().forPath(ZkLayout.instancePath(ORDERS, FIRST))).isNull();
        assertThat(registry.fetchAll(ORDERS)).containsExactly(SECOND);
    }

    @Test
    void unregisteringTwiceIsQuiet() {
        registry.register(ORDERS, FIRST);
        registry.unregister(ORDERS, FIRST);

        assertThatCode(() -> registry.unregister(ORDERS, FIRST)).doesNotThrowAnyException();
        assertThat(registry.fetchAll(ORDERS)).isEmpty();
    }

    @Test
    void unregisteringANeverRegisteredInstanceIsQuiet() {
        ServiceKey unknown = new ServiceKey("com.example.Nobody", "", "test");

        assertThatCode(() -> registry.unregister(unknown, FIRST)).doesNotThrowAnyException();
        assertThat(registry.fetchAll(unknown)).isEmpty();
    }

    @Test
    void fetchAllReturnsEveryRegisteredInstance() {
        registry.register(ORDERS, FIRST);
        registry.register(ORDERS, SECOND);

        assertThat(registry.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
    }

    @Test
    void fetchAllOfAnUnknownServiceIsEmpty() {
        registry.register(ORDERS, FIRST);

        assertThat(registry.fetchAll(new ServiceKey("com.example.OrderService", "2.0", "test"))).isEmpty();
    }

    @Test
    void instancesOfAStoppedRegistryDisappearForOthers() throws Exception {
        ZkRegistryCenter provider = startedRegistry(Duration.ofSeconds(10));
        provider.register(ORDERS, FIRST);
        assertThat(registry.fetchAll(ORDERS)).containsExactly(FIRST);

        provider.stop();

        Polling.await("the instance node is gone").atMost(DEADLINE)
                .until(() -> observer.checkExists().forPath(ZkLayout.instancePath(ORDERS, FIRST)) == null);
        assertThat(registry.fetchAll(ORDERS)).isEmpty();
    }

    @Test
    void staleInstanceNodeOfAnotherSessionIsReplacedOnRegister() throws Exception {
        CuratorFramework previousRun = zookeeper.otherClient();
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        previousRun.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, ZkLayout.encode(SECOND));
        long previousSession = previousRun.getZookeeperClient().getZooKeeper().getSessionId();
        assertThat(observer.checkExists().forPath(path).getEphemeralOwner()).isEqualTo(previousSession);

        registry.register(ORDERS, FIRST);

        Stat stat = observer.checkExists().forPath(path);
        assertThat(stat.getEphemeralOwner()).isEqualTo(zookeeper.sessionOf(registry)).isNotEqualTo(previousSession);
        assertThat(ZkLayout.decode(observer.getData().forPath(path))).isEqualTo(FIRST);
    }

    @Test
    void startFailsWithRegistryUnavailableWhenNothingListens() throws IOException {
        int closedPort = closedPort();
        ZkRegistryCenter unreachable = zookeeper.registry(builder -> builder
                .connectString("127.0.0.1:" + closedPort)
                .connectionTimeout(Duration.ofMillis(500))
                .retryPolicy(new RetryOneTime(100))
                .failFast(true));

        assertThatThrownBy(unreachable::start)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void startFailingOnAHostThatDoesNotResolveNamesIt() {
        ZkRegistryCenter unresolvable = zookeeper.registry(builder -> builder
                .connectString("nosuchhost.invalid:2181")
                .connectionTimeout(Duration.ofMillis(500))
                .retryPolicy(new RetryOneTime(100))
                .failFast(true));

        assertThatThrownBy(unresolvable::start)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                .hasMessageContaining("nosuchhost.invalid:2181 (nosuchhost.invalid: no such host) within 500 ms");
    }

    @Test
    void changingTheBuilderAfterBuildChangesNothing() throws IOException {
        int closedPort = closedPort();
        ZkRegistryCenter.Builder builder = ZkRegistryCenter.builder()
                .connectString("127.0.0.1:" + closedPort)
                .connectionTimeout(Duration.ofMillis(500))
                .retryPolicy(new RetryOneTime(100))
                .failFast(true);
        ZkRegistryCenter built = zookeeper.closeAfter(builder.build());

        builder.failFast(false).connectionTimeout(Duration.ofSeconds(5)).connectString(zookeeper.connectString());

        assertThatThrownBy(built::start)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("within 500 ms");
    }

    @Test
    void instanceNodeComesBackAfterTheSessionExpires() throws Exception {
        // The injected expiry is seen by the client only: the server drops the old session, and its
        // node, when the session times out. A short session (the server's minimum) keeps that quick.
        ZkRegistryCenter shortLived = startedRegistry(Duration.ofSeconds(1));
        shortLived.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        long expiredSession = zookeeper.sessionOf(shortLived);

        zookeeper.expireSession(shortLived);

        Polling.await("the instance node is owned by a new session").atMost(DEADLINE).until(() -> {
            Stat stat = observer.checkExists().forPath(path);
            return stat != null && stat.getEphemeralOwner() != expiredSession;
        });
        assertThat(observer.checkExists().forPath(path).getEphemeralOwner()).isEqualTo(zookeeper.sessionOf(shortLived));
        assertThat(registry.fetchAll(ORDERS)).containsExactly(FIRST);
    }

    @Test
    void clientPropertiesReachTheZooKeeperClient() {
        // Built here, not by the extension, whose own ZooKeeper factory would not pass the client's configuration on.
        ZkRegistryCenter configured = zookeeper.closeAfter(ZkRegistryCenter.builder().connectString(zookeeper.connectString())
                .clientProperties(Map.of("zookeeper.request.timeout", "4321", ZKClientConfig.SECURE_CLIENT, "false")).build());

        configured.start();
        configured.register(ORDERS, FIRST);

        ZKClientConfig config = ZooKeeperCalls.get("read the client", () -> configured.client().getZookeeperClient().getZooKeeper().getClientConfig());
        assertThat(config.getProperty("zookeeper.request.timeout")).isEqualTo("4321");
        assertThat(config.getProperty(ZKClientConfig.SECURE_CLIENT)).isEqualTo("false");
        assertThat(registry.fetchAll(ORDERS)).containsExactly(FIRST);
    }

    private ZkRegistryCenter startedRegistry(Duration sessionTimeout) {
        return zookeeper.started(builder -> builder.sessionTimeout(sessionTimeout).connectionTimeout(Duration.ofSeconds(5)));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
