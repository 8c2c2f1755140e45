package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Registered nodes repaired after someone else touched them; unregistered ones left alone. The
 * repairs tested here are reconciliation's alone: a deleted node also comes back without it, since
 * Curator's {@code PersistentNode} watches its path, but changed data or a node taken over by
 * another session do not.
 */
class ReconciliationTest {

    private static final Duration RECONCILE_INTERVAL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("weight", "100"));
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private CuratorFramework operator;
    private ZkRegistryCenter registry;

    @BeforeEach
    void startRegistry() throws Exception {
        operator = zookeeper.otherClient();
        registry = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
    }

    @Test
    void nodeDataChangedByAnotherClientIsRestoredByTheNextReconciliation() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        Instance tampered = new Instance("http", FIRST.host(), FIRST.port(), "/zkrpc", Map.of("weight", "0"));

        operator.setData().forPath(path, ZkLayout.encode(tampered));

        // Nothing but reconciliation writes the data back (PersistentNode only re-creates a deleted node).
        Polling.await("the registered metadata is back").atMost(DEADLINE)
                .until(() -> ZkLayout.decode(operator.getData().forPath(path)).equals(FIRST));
        assertThat(operator.checkExists().forPath(path).getEphemeralOwner()).isEqualTo(zookeeper.sessionOf(registry));
    }

    @Test
    void nodeDeletedByAnotherClientComesBack() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);

        operator.delete().forPath(path);

        Polling.await("the node is back, owned by the registry's session").atMost(DEADLINE)
                .until(() -> zookeeper.ownedBy(operator, path, registry));
        assertThat(ZkLayout.decode(operator.getData().forPath(path))).isEqualTo(FIRST);
    }

    @Test
    void instanceUnregisteredOnPurposeIsNotRestored() throws Exception {
        registry.register(ORDERS, FIRST);
        registry.register(ORDERS, SECOND);
        String unregistered = ZkLayout.instancePath(ORDERS, FIRST);

        registry.unregister(ORDERS, FIRST);

        // Three reconcile periods: long enough for two full passes over the registered nodes.
        Duration passes = RECONCILE_INTERVAL.multipliedBy(3);
        Polling.keeps("the unregistered node stays deleted").during(passes).atMost(passes.plus(DEADLINE))
                .until(() -> operator.checkExists().forPath(unregistered) == null);
        assertThat(registry.fetchAll(ORDERS)).containsExactly(SECOND);
        assertThat(registry.status().registered()).containsExactly(ZkLayout.instancePath(ORDERS, SECOND));
    }

    @Test
    void instancesUnregisteredWhileReconciliationRunsStayUnregistered() throws Exception {
        ZkRegistryCenter busy = zookeeper.started(builder -> builder.reconcileInterval(Duration.ofMillis(1)));
        ServiceKey service = new ServiceKey("com.example.BusyService", "", "test");
        int instances = 200;

        for (int i = 0; i < instances; i++) {
            Instance instance = Instance.http("127.0.0.1", 20_000 + i, "/zkrpc");
            busy.register(service, instance);
            busy.unregister(service, instance);
        }

        // Reconciliation runs every millisecond: a few passes later, a node it restored by mistake would be there.
        Polling.keeps("no instance node is left").during(RECONCILE_INTERVAL).atMost(RECONCILE_INTERVAL.plus(DEADLINE))
                .until(() -> operator.getChildren().forPath(ZkLayout.providersPath(service)).isEmpty());
        assertThat(busy.status().registered()).isEmpty();
    }

    @Test
    void staleNodeOfAnotherSessionAppearingAfterRegistrationIsReplaced() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        // Another session swaps the node for its own in one transaction, as a previous run of this
        // instance whose session has not expired yet would hold it.
        CuratorFramework previousRun = zookeeper.otherClient();
        long foreignSession = previousRun.getZookeeperClient().getZooKeeper().getSessionId();
        previousRun.transaction().forOperations(
                previousRun.transactionOp().delete().forPath(path),
                previousRun.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, ZkLayout.encode(SECOND)));

        Polling.await("the node is owned by the registry's session again").atMost(DEADLINE)
                .until(() -> zookeeper.ownedBy(operator, path, registry));
        Stat stat = operator.checkExists().forPath(path);
        assertThat(stat.getEphemeralOwner()).isNotEqualTo(foreignSession);
        assertThat(ZkLayout.decode(operator.getData().forPath(path))).isEqualTo(FIRST);
        assertThat(previousRun.getZookeeperClient().isConnected()).as("the other session is still alive").isTrue();
    }
}
