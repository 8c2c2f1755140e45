package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A reconciliation that lands between a delete and the PersistentNode's own re-create leaves that
 * PersistentNode alone: it is not one that gave up, and closing it would delete the node it re-creates.
 */
class HealthyNodeMissingAtReconciliationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final String PATH = ZkLayout.instancePath(ORDERS, FIRST);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void aNodeDeletedRightBeforeAReconciliationComesBackByItsOwnWatchWithoutAWarning() throws Exception {
        CuratorFramework provider = zookeeper.otherClient();
        CuratorFramework operator = zookeeper.otherClient();
        Registrations registrations = new Registrations(provider, () -> true, DEADLINE.toMillis(), Runnable::run);
        registrations.register(ORDERS, FIRST);
        LogCapture log = zookeeper.closeAfter(LogCapture.start());
        // Holds the provider client's event thread, so that its PersistentNode sees the delete only once
        // the pass is over: the pass is sure to land between the delete and the re-create.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        provider.checkExists().inBackground((client, event) -> {
            held.countDown();
            release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }).forPath("/");
        assertThat(held.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        operator.delete().forPath(PATH);
        try {
            registrations.reconcile();
        } finally {
            release.countDown();
        }

        Polling.await("the node is back, owned by the provider's session").atMost(DEADLINE)
                .until(() -> operator.checkExists().forPath(PATH).getEphemeralOwner() == sessionOf(provider));
        registrations.reconcile();
        operator.delete().forPath(PATH);
        Polling.await("the node is back without a reconciliation: its watch still lives").atMost(DEADLINE)
                .until(() -> operator.checkExists().forPath(PATH).getEphemeralOwner() == sessionOf(provider));
        registrations.reconcile();
        assertThat(operator.checkExists().forPath(PATH).getEphemeralOwner()).isEqualTo(sessionOf(provider));
        assertThat(registrations.paths()).containsExactly(PATH);
        assertThat(registrations.conflicts()).isEmpty();
        assertThat(log.text()).doesNotContain("WARN io.zkrpc.registry.zk.Registrations").doesNotContain("NoAuth");
    }

    private static long sessionOf(CuratorFramework client) throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }
}
