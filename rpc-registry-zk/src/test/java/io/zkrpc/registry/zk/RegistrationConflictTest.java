package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Two live processes announcing the same address: one of them reports the conflict (ERROR, and in
 * its status, so that its health is down) and leaves the node alone, instead of the two replacing
 * each other's node at every reconciliation, forever.
 */
class RegistrationConflictTest {

    private static final Duration RECONCILE_INTERVAL = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance SHARED = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final String PATH = ZkLayout.instancePath(ORDERS, SHARED);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void aNodeHeldByAnotherLiveSessionIsAConflictReportedOnceAndNotFoughtOver() throws Exception {
        LogCapture log = zookeeper.closeAfter(LogCapture.start());
        CuratorFramework observer = zookeeper.observer();
        ZkRegistryCenter first = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
        ZkRegistryCenter second = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));

        first.register(ORDERS, SHARED);
        second.register(ORDERS, SHARED);

        Polling.await("one of the two reports the conflict").atMost(DEADLINE)
                .until(() -> first.status().conflicts().size() + second.status().conflicts().size() == 1);
        ZkRegistryCenter loser = first.status().conflicts().isEmpty() ? second : first;
        ZkRegistryCenter winner = loser == first ? second : first;
        Stat settled = observer.checkExists().forPath(PATH);
        long owner = settled.getEphemeralOwner();
        assertThat(owner).isEqualTo(zookeeper.sessionOf(winner));

        // Ten reconciliations later, the node has not changed hands and nothing more was reported.
        Duration passes = RECONCILE_INTERVAL.multipliedBy(10);
        Polling.keeps("the winner keeps the node").during(passes).atMost(passes.plus(DEADLINE))
                .until(() -> observer.checkExists().forPath(PATH).getEphemeralOwner() == owner);
        Stat stat = observer.checkExists().forPath(PATH);
        assertThat(stat.getCzxid()).as("the node was not created again").isEqualTo(settled.getCzxid());
        assertThat(loser.status().healthy()).isFalse();
        assertThat(loser.status().conflicts()).singleElement().asString()
                .contains(PATH, "0x" + Long.toHexString(owner), "same address 127.0.0.1:8081", "zkrpc.provider.host");
        assertThat(winner.status().healthy()).isTrue();
        assertThat(log.text()).containsOnlyOnce("ERROR io.zkrpc.registry.zk.Registrations - Not registered: " + PATH
                + " is held by another live ZooKeeper session");
    }

    @Test
    void theConflictEndsWhenTheOtherProcessLeaves() throws Exception {
        ZkRegistryCenter first = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
        ZkRegistryCenter second = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
        first.register(ORDERS, SHARED);
        second.register(ORDERS, SHARED);
        Polling.await("one of the two reports the conflict").atMost(DEADLINE)
                .until(() -> first.status().conflicts().size() + second.status().conflicts().size() == 1);
        ZkRegistryCenter loser = first.status().conflicts().isEmpty() ? second : first;
        ZkRegistryCenter winner = loser == first ? second : first;

        winner.stop();

        Polling.await("the node is the other's now, without conflict").atMost(DEADLINE)
                .until(() -> zookeeper.ownedBy(zookeeper.observer(), PATH, loser) && loser.status().conflicts().isEmpty());
        assertThat(loser.status().registered()).isEqualTo(List.of(PATH));
    }

    @Test
    void closingTheLoserLeavesTheWinnersNode() throws Exception {
        ZkRegistryCenter first = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
        ZkRegistryCenter second = zookeeper.started(builder -> builder.reconcileInterval(RECONCILE_INTERVAL));
        first.register(ORDERS, SHARED);
        second.register(ORDERS, SHARED);
        Polling.await("one of the two reports the conflict").atMost(DEADLINE)
                .until(() -> first.status().conflicts().size() + second.status().conflicts().size() == 1);
        ZkRegistryCenter loser = first.status().conflicts().isEmpty() ? second : first;
        ZkRegistryCenter winner = loser == first ? second : first;
        long czxid = zookeeper.observer().checkExists().forPath(PATH).getCzxid();

        loser.unregister(ORDERS, SHARED);
        loser.stop();

        Stat stat = zookeeper.observer().checkExists().forPath(PATH);
        assertThat(stat).as("the winner's node").isNotNull();
        assertThat(stat.getCzxid()).isEqualTo(czxid);
        assertThat(stat.getEphemeralOwner()).isEqualTo(zookeeper.sessionOf(winner));
    }
}
