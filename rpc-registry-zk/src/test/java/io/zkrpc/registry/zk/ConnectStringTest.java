package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** What ZooKeeper makes of the connect string and the session timeout asked: a chroot that does not exist yet, a clamped timeout. */
class ConnectStringTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void aChrootThatDoesNotExistIsCreatedAndHoldsTheWholeTree() throws Exception {
        String chrooted = zookeeper.connectString() + "/team-a/billing";
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.connectString(chrooted));
        ZkRegistryCenter consumer = zookeeper.started(builder -> builder.connectString(chrooted));

        provider.register(ORDERS, FIRST);

        assertThat(consumer.fetchAll(ORDERS)).containsExactly(FIRST);
        CuratorFramework root = zookeeper.observer().usingNamespace(null);
        assertThat(root.checkExists().forPath("/team-a/billing/zkrpc" + ZkLayout.instancePath(ORDERS, FIRST))).isNotNull();
        assertThat(root.checkExists().forPath("/zkrpc" + ZkLayout.servicePath(ORDERS))).as("nothing outside the chroot").isNull();
        assertThat(zookeeper.started().fetchAll(ORDERS)).as("a registry without the chroot").isEmpty();
    }

    @Test
    void aSessionTimeoutTheServerClampsIsLoggedWithTheValueGranted() throws Exception {
        // 100 ms ticks: the server grants 200 ms to 2,000 ms.
        TestingServer server = zookeeper.closeAfter(new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true));
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        ZkRegistryCenter registry = zookeeper.started(builder -> builder.connectString(server.getConnectString())
                .sessionTimeout(Duration.ofSeconds(10)));

        assertThat(registry.status().details()).containsEntry("sessionTimeoutMs", 2_000);
        assertThat(log.text()).containsOnlyOnce("ZooKeeper granted a session timeout of 2000 ms instead of the 10000 ms asked");
    }

    @Test
    void aSessionTimeoutGrantedAsAskedIsNotLogged() throws Exception {
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        ZkRegistryCenter registry = zookeeper.started(builder -> builder.sessionTimeout(Duration.ofSeconds(6)));

        assertThat(registry.status().details()).containsEntry("sessionTimeoutMs", 6_000);
        assertThat(log.text()).doesNotContain("granted a session timeout");
    }
}
