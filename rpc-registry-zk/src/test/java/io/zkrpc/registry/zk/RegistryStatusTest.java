package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;

/** What {@link ZkRegistryCenter#status()} reports. */
class RegistryStatusTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final ServiceKey USERS = new ServiceKey("com.example.UserService", "", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private ZkRegistryCenter provider;
    private ZkRegistryCenter consumer;

    @BeforeEach
    void startRegistries() {
        provider = zookeeper.started();
        consumer = zookeeper.started();
    }

    @Test
    void reportsTheConnectionAndTheSessionId() throws Exception {
        RegistryStatus status = provider.status();

        assertThat(status.connected()).isTrue();
        assertThat(status.details()).containsEntry("session", "0x" + Long.toHexString(zookeeper.sessionOf(provider)));
        assertThat(status.registry()).isEqualTo("zookeeper " + zookeeper.connectString());
        assertThat(status.details()).containsEntry("sessionState", "CONNECTED")
                .containsEntry("snapshotInUse", false).containsEntry("heldBack", java.util.List.of()).containsEntry("missing", java.util.List.of());
    }

    @Test
    void reportsTheRegisteredNodePaths() {
        provider.register(ORDERS, FIRST);
        provider.register(ORDERS, SECOND);
        provider.register(USERS, FIRST);
        provider.unregister(ORDERS, SECOND);

        assertThat(provider.status().registered()).containsExactly(
                "/test/com.example.OrderService:1.0/providers/127.0.0.1:8081",
                "/test/com.example.UserService/providers/127.0.0.1:8081");
    }

    @Test
    void reportsEverySubscriptionWithItsInstanceCount() {
        provider.register(ORDERS, FIRST);
        provider.register(ORDERS, SECOND);
        RecordingListener orders = new RecordingListener();
        RecordingListener users = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, orders));
        zookeeper.closeAfter(consumer.subscribe(USERS, users));
        orders.awaitLatest(DEADLINE, FIRST, SECOND);
        users.awaitLatest(DEADLINE);

        assertThat(consumer.status().subscriptions())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(ORDERS.toString(), 2, USERS.toString(), 0));
        assertThat(provider.status().subscriptions()).isEmpty();
    }

    @Test
    void reportsWhenASubscribedListLastChanged() {
        RecordingListener orders = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, orders));
        orders.awaitLatest(DEADLINE);
        Instant beforeChange = Instant.now();

        provider.register(ORDERS, FIRST);
        orders.awaitLatest(DEADLINE, FIRST);

        Instant lastChange = consumer.status().lastChange();
        assertThat(lastChange).isNotNull().isAfterOrEqualTo(beforeChange).isBeforeOrEqualTo(Instant.now());
        assertThat(consumer.status().subscriptions()).containsEntry(ORDERS.toString(), 1);
    }

    @Test
    void reportsNoSessionWhileZooKeeperIsDown() throws Exception {
        provider.register(ORDERS, FIRST);

        zookeeper.server().stop();

        Polling.await("the status says disconnected").atMost(DEADLINE).until(() -> !provider.status().connected());
        RegistryStatus status = provider.status();
        assertThat(status.details()).doesNotContainKey("session")
                .hasEntrySatisfying("sessionState", state -> assertThat(state).isIn("SUSPENDED", "LOST"));
        assertThat(status.registered()).containsExactly(ZkLayout.instancePath(ORDERS, FIRST));
    }

}
