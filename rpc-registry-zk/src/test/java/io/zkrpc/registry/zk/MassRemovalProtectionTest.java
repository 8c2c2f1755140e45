package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A change removing every instance of a service while the consumer's session flaps is held back
 * until a direct read confirms it; without protection, or on a stable session, it applies at once.
 * The providers are plain ephemeral nodes of another client, so that deleted nodes stay deleted.
 */
class MassRemovalProtectionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance THIRD = Instance.http("127.0.0.1", 8083, "/zkrpc");
    private static final Instance FOURTH = Instance.http("127.0.0.1", 8084, "/zkrpc");
    private static final String HOLDING = "Holding back a change of " + ORDERS;

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private CuratorFramework providers;

    @BeforeEach
    void startProviders() throws Exception {
        providers = zookeeper.otherClient();
    }

    @Test
    void removalOfEveryInstanceWhileTheSessionFlapsIsHeldBackLoggedThenAppliedOnceConfirmed() throws Exception {
        addProviders(FIRST, SECOND);
        ZkRegistryCenter consumer = startedConsumer(true);
        RecordingListener listener = subscribed(consumer, FIRST, SECOND);
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        flapSession(consumer);
        removeProviders(FIRST, SECOND);

        Polling.await("the removal is held back").atMost(DEADLINE).until(() -> ZooKeepers.heldBack(consumer).contains(ORDERS.toString()));
        assertThat(listener.received()).as("the lists delivered until the removal is held back").noneMatch(List::isEmpty);
        listener.awaitLatest(DEADLINE);
        assertThat(ZooKeepers.heldBack(consumer)).isEmpty();
        assertThat(consumer.status().subscriptions()).containsEntry(ORDERS.toString(), 0);
        assertThat(log.text()).contains(HOLDING).contains("A direct read of " + ORDERS + " found 0 instance(s)");
    }

    @Test
    void removalOfMoreThanTheShareWhileTheSessionFlapsIsHeldBack() throws Exception {
        addProviders(FIRST, SECOND, THIRD, FOURTH);
        ZkRegistryCenter consumer = startedConsumer(true);
        RecordingListener listener = subscribed(consumer, FIRST, SECOND, THIRD, FOURTH);

        flapSession(consumer);
        removeProviders(FIRST, SECOND, THIRD);

        // Deleted one by one, each change removes no more than the share; together they remove more.
        Polling.await("the removal is held back").atMost(DEADLINE).until(() -> ZooKeepers.heldBack(consumer).contains(ORDERS.toString()));
        assertThat(listener.received()).as("the lists delivered until the removal is held back").allMatch(list -> list.size() >= 2);
        listener.awaitLatest(DEADLINE, FOURTH);
    }

    @Test
    void removalOfEveryInstanceAppliesAtOnceWithProtectionOff() throws Exception {
        addProviders(FIRST, SECOND);
        ZkRegistryCenter consumer = startedConsumer(false);
        RecordingListener listener = subscribed(consumer, FIRST, SECOND);
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        flapSession(consumer);
        removeProviders(FIRST, SECOND);

        awaitEmptyWithoutHolding(consumer, listener);
        assertThat(log.text()).doesNotContain(HOLDING);
    }

    @Test
    void removalOfEveryInstanceAppliesAtOnceWhenTheSessionIsStable() throws Exception {
        addProviders(FIRST, SECOND);
        ZkRegistryCenter consumer = startedConsumer(true);
        RecordingListener listener = subscribed(consumer, FIRST, SECOND);
        Polling.await("the consumer's session is stable").atMost(SESSION_TIMEOUT.multipliedBy(3)).until(() -> ZooKeepers.isStable(consumer));
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        removeProviders(FIRST, SECOND);

        awaitEmptyWithoutHolding(consumer, listener);
        assertThat(log.text()).doesNotContain(HOLDING);
    }

    /** Waits for the empty list, checking all along that the change is never held back. */
    private static void awaitEmptyWithoutHolding(ZkRegistryCenter consumer, RecordingListener listener) {
        AtomicBoolean held = new AtomicBoolean();
        Polling.await("the empty list is delivered").atMost(DEADLINE).until(() -> {
            held.compareAndSet(false, !ZooKeepers.heldBack(consumer).isEmpty());
            return listener.holds(java.util.Set.of());
        });
        assertThat(held).as("held back at some point").isFalse();
    }

    /** Expires the consumer's session and waits for the new one: the consumer is unstable for a while. */
    private void flapSession(ZkRegistryCenter consumer) {
        long expired = zookeeper.sessionOf(consumer);
        zookeeper.expireSession(consumer);
        // Unstable while connected: the registry has seen the reconnection, not only the client.
        Polling.await("the consumer is connected with a new session, and unstable").atMost(DEADLINE).until(() -> consumer.status().connected() && !ZooKeepers.isStable(consumer)
                        && zookeeper.sessionOf(consumer) != expired);
    }

    private ZkRegistryCenter startedConsumer(boolean protection) {
        return zookeeper.started(builder -> builder.sessionTimeout(SESSION_TIMEOUT).massRemovalProtection(protection, 0.5));
    }

    private RecordingListener subscribed(ZkRegistryCenter consumer, Instance... expected) {
        RecordingListener listener = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, listener));
        listener.awaitLatest(DEADLINE, expected);
        return listener;
    }

    private void addProviders(Instance... instances) throws Exception {
        for (Instance instance : instances) {
            providers.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath(ZkLayout.instancePath(ORDERS, instance), ZkLayout.encode(instance));
        }
    }

    private void removeProviders(Instance... instances) throws Exception {
        for (Instance instance : List.of(instances)) {
            providers.delete().forPath(ZkLayout.instancePath(ORDERS, instance));
        }
    }
}
