package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** Registered nodes repaired after someone else touched them; unregistered ones left alone. */
class ReconciliationTest {

    private static final Duration RECONCILE_INTERVAL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("weight", "100"));
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");

    private final Closer closer = new Closer();
    private TestingServer zookeeper;
    private CuratorFramework operator;
    private ZkRegistryCenter registry;

    @BeforeEach
    void startZooKeeperAndRegistry() throws Exception {
        zookeeper = closer.add(LoopbackZooKeeper.start());
        operator = closer.add(ZooKeepers.otherClient(zookeeper.getConnectString(), DEADLINE));
        registry = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .reconcileInterval(RECONCILE_INTERVAL)
                .build());
        registry.start();
    }

    @AfterEach
    void closeEverything() throws Exception {
        closer.close();
    }

    @Test
    void nodeDeletedByAnotherClientIsRestoredWithinTheReconcileInterval() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);

        operator.delete().forPath(path);
        long deleted = System.nanoTime();

        Await.await(DEADLINE, "the node is back, owned by the registry's session", () -> ZooKeepers.ownedBy(operator, path, registry));
        Duration restoredAfter = Duration.ofNanos(System.nanoTime() - deleted);
        assertThat(restoredAfter).isLessThanOrEqualTo(RECONCILE_INTERVAL.plusMillis(500));
        assertThat(ZkLayout.decode(operator.getData().forPath(path))).isEqualTo(FIRST);
    }

    @Test
    void nodeDataChangedByAnotherClientIsRestoredByReconciliation() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        Instance tampered = new Instance("http", FIRST.host(), FIRST.port(), "/zkrpc", Map.of("weight", "0"));

        operator.setData().forPath(path, ZkLayout.encode(tampered));

        Await.await(DEADLINE, "the registered metadata is back",
                () -> ZkLayout.decode(operator.getData().forPath(path)).equals(FIRST));
        assertThat(operator.checkExists().forPath(path).getEphemeralOwner()).isEqualTo(ZooKeepers.sessionOf(registry));
    }

    @Test
    void instanceUnregisteredOnPurposeIsNotRestored() throws Exception {
        registry.register(ORDERS, FIRST);
        registry.register(ORDERS, SECOND);
        String unregistered = ZkLayout.instancePath(ORDERS, FIRST);

        registry.unregister(ORDERS, FIRST);

        // Three reconcile periods: long enough for two full passes over the registered nodes.
        long until = System.nanoTime() + RECONCILE_INTERVAL.multipliedBy(3).toNanos();
        int checks = 0;
        while (System.nanoTime() - until < 0) {
            assertThat(operator.checkExists().forPath(unregistered)).as("the unregistered node after %d checks", checks).isNull();
            checks++;
            Thread.sleep(20); // the pause between two checks of a condition that must keep holding
        }
        assertThat(checks).isGreaterThan(10);
        assertThat(registry.fetchAll(ORDERS)).containsExactly(SECOND);
        assertThat(registry.status().registered()).containsExactly(ZkLayout.instancePath(ORDERS, SECOND));
    }

    @Test
    void instancesUnregisteredWhileReconciliationRunsStayUnregistered() throws Exception {
        ZkRegistryCenter busy = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .reconcileInterval(Duration.ofMillis(1))
                .build());
        busy.start();
        ServiceKey service = new ServiceKey("com.example.BusyService", "", "test");
        int instances = 200;

        for (int i = 0; i < instances; i++) {
            Instance instance = Instance.http("127.0.0.1", 20_000 + i, "/zkrpc");
            busy.register(service, instance);
            busy.unregister(service, instance);
        }

        // Reconciliation runs every millisecond: a few passes later, a node it restored by mistake would be there.
        long until = System.nanoTime() + RECONCILE_INTERVAL.toNanos();
        while (System.nanoTime() - until < 0) {
            assertThat(operator.getChildren().forPath(ZkLayout.providersPath(service))).as("instance nodes left").isEmpty();
            Thread.sleep(20); // the pause between two checks of a condition that must keep holding
        }
        assertThat(busy.status().registered()).isEmpty();
    }

    @Test
    void staleNodeOfAnotherSessionAppearingAfterRegistrationIsReplaced() throws Exception {
        registry.register(ORDERS, FIRST);
        String path = ZkLayout.instancePath(ORDERS, FIRST);
        // Another session swaps the node for its own in one transaction, as a previous run of this
        // instance whose session has not expired yet would hold it.
        CuratorFramework previousRun = closer.add(ZooKeepers.otherClient(zookeeper.getConnectString(), DEADLINE));
        long foreignSession = previousRun.getZookeeperClient().getZooKeeper().getSessionId();
        previousRun.transaction().forOperations(
                previousRun.transactionOp().delete().forPath(path),
                previousRun.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, ZkLayout.encode(SECOND)));

        Await.await(DEADLINE, "the node is owned by the registry's session again", () -> ZooKeepers.ownedBy(operator, path, registry));
        Stat stat = operator.checkExists().forPath(path);
        assertThat(stat.getEphemeralOwner()).isNotEqualTo(foreignSession);
        assertThat(ZkLayout.decode(operator.getData().forPath(path))).isEqualTo(FIRST);
        assertThat(previousRun.getZookeeperClient().isConnected()).as("the other session is still alive").isTrue();
    }
}
