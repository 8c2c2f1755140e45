package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.notYetRunning();

    @Test
    void registryStartsAndRegistersOnceZooKeeperStarts() throws Exception {
        ZkRegistryCenter provider = zookeeper.registry(builder -> builder.connectionTimeout(Duration.ofMillis(500)).failFast(false));

        assertThatCode(provider::start).doesNotThrowAnyException();
        assertThatCode(() -> provider.register(ORDERS, FIRST)).doesNotThrowAnyException();
        assertThat(provider.status().connected()).isFalse();
        assertThat(provider.status().registered()).containsExactly(ZkLayout.instancePath(ORDERS, FIRST));

        zookeeper.server().start();

        CuratorFramework observer = zookeeper.otherClient();
        Polling.await("the instance node exists, owned by the provider").atMost(DEADLINE).until(() -> zookeeper.ownedBy(observer, ZkLayout.instancePath(ORDERS, FIRST), provider));
        Polling.await("the status says connected").atMost(DEADLINE).until(() -> provider.status().connected());
        assertThat(ZkLayout.decode(observer.getData().forPath(ZkLayout.instancePath(ORDERS, FIRST)))).isEqualTo(FIRST);
    }

    @Test
    void rpcServerServesWhileZooKeeperIsDownAndIsFoundOnceItStarts() throws Exception {
        ZkRegistryCenter providerRegistry = zookeeper.started(builder -> builder.connectionTimeout(Duration.ofMillis(500)));
        RpcServer server = zookeeper.closeAfter(RpcServer.builder().registry(providerRegistry).environment("test").build()
                .export(Echo.class, text -> "echo:" + text, ""));

        assertThatCode(server::start).doesNotThrowAnyException();
        ServiceKey echo = server.serviceKey(Echo.class, "");
        RpcClient direct = zookeeper.closeAfter(RpcClient.builder().registry(StaticRegistryCenter.of(echo, server.instance()))
                .environment("test").build());
        assertThat(direct.reference(Echo.class).echo("before")).isEqualTo("echo:before");

        zookeeper.server().start();

        ZkRegistryCenter consumerRegistry = zookeeper.started();
        Polling.await("the consumer finds the provider").atMost(DEADLINE).until(() -> consumerRegistry.fetchAll(echo).contains(server.instance()));
        RpcClient viaZooKeeper = zookeeper.closeAfter(RpcClient.builder().registry(consumerRegistry).environment("test").build());
        assertThat(viaZooKeeper.reference(Echo.class).echo("after")).isEqualTo("echo:after");
    }
}
