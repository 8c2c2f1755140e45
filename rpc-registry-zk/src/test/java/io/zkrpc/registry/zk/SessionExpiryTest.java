package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A session expiry injected into one registry's client (what a long GC pause or a partition
 * looks like to it): its nodes and its subscriptions come back under the new session.
 */
class SessionExpiryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final ServiceKey USERS = new ServiceKey("com.example.UserService", "", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance THIRD = Instance.http("127.0.0.1", 8083, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private CuratorFramework observer;

    @BeforeEach
    void startObserver() throws Exception {
        observer = zookeeper.observer();
    }

    @Test
    void providerNodesComeBackOwnedByTheNewSessionAndTheConsumerListIsRightAfterwards() throws Exception {
        ZkRegistryCenter provider = startedRegistry();
        provider.register(ORDERS, FIRST);
        provider.register(ORDERS, SECOND);
        provider.register(USERS, FIRST);
        ZkRegistryCenter consumer = startedRegistry();
        RecordingListener orders = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, orders));
        orders.awaitLatest(DEADLINE, FIRST, SECOND);
        long expired = zookeeper.sessionOf(provider);

        zookeeper.expireSession(provider);

        List<String> paths = List.of(ZkLayout.instancePath(ORDERS, FIRST), ZkLayout.instancePath(ORDERS, SECOND),
                ZkLayout.instancePath(USERS, FIRST));
        Polling.await("every node owned by the provider's new session").atMost(DEADLINE).until(() -> zookeeper.sessionOf(provider) != expired
                && paths.stream().allMatch(path -> owned(path, provider)));
        for (String path : paths) {
            Stat stat = observer.checkExists().forPath(path);
            assertThat(stat.getEphemeralOwner()).as(path).isEqualTo(zookeeper.sessionOf(provider)).isNotEqualTo(expired);
        }
        orders.awaitLatest(DEADLINE, FIRST, SECOND);
        assertThat(consumer.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(consumer.fetchAll(USERS)).containsExactly(FIRST);
    }

    @Test
    void nodesAreReplacedWithoutWaitingForTheServerToDropTheExpiredSession() throws Exception {
        // The server keeps the expired session, and its nodes, for a whole session timeout; the
        // registry replaces them as soon as it has a new session.
        Duration sessionTimeout = Duration.ofSeconds(10);
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.sessionTimeout(sessionTimeout));
        provider.register(ORDERS, FIRST);
        provider.register(ORDERS, SECOND);
        provider.register(USERS, FIRST);
        List<String> paths = List.of(ZkLayout.instancePath(ORDERS, FIRST), ZkLayout.instancePath(ORDERS, SECOND),
                ZkLayout.instancePath(USERS, FIRST));
        long expired = zookeeper.sessionOf(provider);

        zookeeper.expireSession(provider);
        long injected = System.nanoTime();

        Polling.await("every node owned by the provider's new session").atMost(sessionTimeout).until(() -> zookeeper.sessionOf(provider) != expired
                && paths.stream().allMatch(path -> owned(path, provider)));
        assertThat(Duration.ofNanos(System.nanoTime() - injected)).isLessThan(sessionTimeout.dividedBy(2));
    }

    @Test
    void consumerSubscriptionFollowsChangesAfterItsOwnSessionExpires() throws Exception {
        ZkRegistryCenter provider = startedRegistry();
        provider.register(ORDERS, FIRST);
        ZkRegistryCenter consumer = startedRegistry();
        RecordingListener orders = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, orders));
        orders.awaitLatest(DEADLINE, FIRST);
        long expired = zookeeper.sessionOf(consumer);

        zookeeper.expireSession(consumer);
        Polling.await("the consumer is connected with a new session").atMost(DEADLINE).until(() -> consumer.status().connected() && zookeeper.sessionOf(consumer) != expired);
        provider.register(ORDERS, SECOND);
        provider.unregister(ORDERS, FIRST);
        provider.register(ORDERS, THIRD);

        orders.awaitLatest(DEADLINE, SECOND, THIRD);
        assertThat(consumer.status().subscriptions()).containsEntry(ORDERS.toString(), 2);
    }

    private boolean owned(String path, ZkRegistryCenter owner) {
        try {
            return zookeeper.ownedBy(observer, path, owner);
        } catch (Exception e) {
            return false;
        }
    }

    private ZkRegistryCenter startedRegistry() {
        return zookeeper.started(builder -> builder.sessionTimeout(Duration.ofSeconds(2)).connectionTimeout(Duration.ofSeconds(5)));
    }
}
