package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;

/** A provider started while ZooKeeper is down serves, and registers as soon as ZooKeeper is up. */
class ProviderStartWithoutZooKeeperTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");

    private final Closer closer = new Closer();
    private TestingServer zookeeper;

    @BeforeEach
    void prepareZooKeeperWithoutStartingIt() throws Exception {
        zookeeper = closer.add(LoopbackZooKeeper.notStarted());
    }

    @AfterEach
    void closeEverything() throws Exception {
        closer.close();
    }

    @Test
    void registryStartsAndRegistersOnceZooKeeperStarts() throws Exception {
        ZkRegistryCenter provider = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofMillis(500))
                .failFast(false)
                .build());

        assertThatCode(provider::start).doesNotThrowAnyException();
        assertThatCode(() -> provider.register(ORDERS, FIRST)).doesNotThrowAnyException();
        assertThat(provider.status().connected()).isFalse();
        assertThat(provider.status().registered()).containsExactly(ZkLayout.instancePath(ORDERS, FIRST));

        zookeeper.start();

        CuratorFramework observer = closer.add(ZooKeepers.otherClient(zookeeper.getConnectString(), DEADLINE));
        Await.await(DEADLINE, "the instance node exists, owned by the provider",
                () -> ZooKeepers.ownedBy(observer, ZkLayout.instancePath(ORDERS, FIRST), provider));
        Await.await(DEADLINE, "the status says connected", () -> provider.status().connected());
        assertThat(ZkLayout.decode(observer.getData().forPath(ZkLayout.instancePath(ORDERS, FIRST)))).isEqualTo(FIRST);
    }

    @Test
    void rpcServerServesWhileZooKeeperIsDownAndIsFoundOnceItStarts() throws Exception {
        ZkRegistryCenter providerRegistry = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofMillis(500))
                .build());
        providerRegistry.start();
        RpcServer server = closer.add(RpcServer.builder().registry(providerRegistry).environment("test").build()
                .export(Echo.class, text -> "echo:" + text, ""));

        assertThatCode(server::start).doesNotThrowAnyException();
        ServiceKey echo = server.serviceKey(Echo.class, "");
        RpcClient direct = closer.add(RpcClient.builder().registry(StaticRegistryCenter.of(echo, server.instance()))
                .environment("test").build());
        assertThat(direct.reference(Echo.class).echo("before")).isEqualTo("echo:before");

        zookeeper.start();

        ZkRegistryCenter consumerRegistry = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .build());
        consumerRegistry.start();
        Await.await(DEADLINE, "the consumer finds the provider", () -> consumerRegistry.fetchAll(echo).contains(server.instance()));
        RpcClient viaZooKeeper = closer.add(RpcClient.builder().registry(consumerRegistry).environment("test").build());
        assertThat(viaZooKeeper.reference(Echo.class).echo("after")).isEqualTo("echo:after");
    }
}
