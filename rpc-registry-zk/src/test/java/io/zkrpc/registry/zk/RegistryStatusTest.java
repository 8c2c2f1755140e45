package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    private final Closer closer = new Closer();
    private TestingServer zookeeper;
    private ZkRegistryCenter provider;
    private ZkRegistryCenter consumer;

    @BeforeEach
    void startZooKeeperAndRegistries() throws Exception {
        zookeeper = closer.add(LoopbackZooKeeper.start());
        provider = startedRegistry();
        consumer = startedRegistry();
    }

    @AfterEach
    void closeEverything() throws Exception {
        closer.close();
    }

    @Test
    void reportsTheConnectionAndTheSessionId() throws Exception {
        RegistryStatus status = provider.status();

        assertThat(status.connected()).isTrue();
        assertThat(status.session()).isEqualTo("0x" + Long.toHexString(ZooKeepers.sessionOf(provider)));
        assertThat(status.registry()).isEqualTo("zookeeper " + zookeeper.getConnectString());
        assertThat(status.snapshotInUse()).isFalse();
        assertThat(status.heldBack()).isEmpty();
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
        closer.add(consumer.subscribe(ORDERS, orders));
        closer.add(consumer.subscribe(USERS, users));
        orders.awaitLatest(DEADLINE, FIRST, SECOND);
        users.awaitLatest(DEADLINE);

        assertThat(consumer.status().subscriptions())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(ORDERS.toString(), 2, USERS.toString(), 0));
        assertThat(provider.status().subscriptions()).isEmpty();
    }

    @Test
    void reportsWhenASubscribedListLastChanged() {
        RecordingListener orders = new RecordingListener();
        closer.add(consumer.subscribe(ORDERS, orders));
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

        zookeeper.stop();

        Await.await(DEADLINE, "the status says disconnected", () -> !provider.status().connected());
        RegistryStatus status = provider.status();
        assertThat(status.session()).isNull();
        assertThat(status.registered()).containsExactly(ZkLayout.instancePath(ORDERS, FIRST));
    }

    private ZkRegistryCenter startedRegistry() {
        ZkRegistryCenter registry = closer.add(ZkRegistryCenter.builder()
                .connectString(zookeeper.getConnectString())
                .sessionTimeout(Duration.ofSeconds(4))
                .build());
        registry.start();
        return registry;
    }
}
