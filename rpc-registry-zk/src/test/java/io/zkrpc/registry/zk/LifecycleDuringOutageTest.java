package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** Unregistering and stopping while ZooKeeper is unreachable: prompt, and honoured once ZooKeeper is back. */
class LifecycleDuringOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Far below the ten seconds and more that waiting out Curator's retries takes. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension extension = ZooKeeperExtension.running();
    private TestingServer zookeeper;
    private ZkRegistryCenter registry;

    @BeforeEach
    void startRegistryAndRegister() {
        zookeeper = extension.server();
        // A session long enough to survive the outage: its nodes are still there when ZooKeeper is back.
        registry = extension.started(builder -> builder.sessionTimeout(Duration.ofSeconds(15)).connectionTimeout(Duration.ofSeconds(2)));
        registry.register(ORDERS, FIRST);
        registry.register(ORDERS, SECOND);
    }

    @Test
    void unregisterWhileZooKeeperIsDownReturnsPromptlyAndTheNodeGoesOnceItIsBack() throws Exception {
        long session = extension.sessionOf(registry);
        zookeeper.stop();
        Polling.await("the registry sees the outage").atMost(DEADLINE).until(() -> !registry.status().connected());

        long started = System.nanoTime();
        registry.unregister(ORDERS, FIRST);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(PROMPT);
        zookeeper.restart();
        CuratorFramework observer = extension.otherClient();
        Polling.await("the unregistered node is gone").atMost(DEADLINE).until(() -> observer.checkExists().forPath(ZkLayout.instancePath(ORDERS, FIRST)) == null);
        Polling.await("the registry is connected again").atMost(DEADLINE).until(() -> registry.status().connected());
        assertThat(extension.sessionOf(registry)).as("the session survived the outage").isEqualTo(session);
        assertThat(extension.ownedBy(observer, ZkLayout.instancePath(ORDERS, SECOND), registry)).isTrue();
        assertThat(registry.status().registered()).containsExactly(ZkLayout.instancePath(ORDERS, SECOND));
    }

    @Test
    void stopWhileZooKeeperIsDownReturnsPromptly() throws Exception {
        zookeeper.stop();
        Polling.await("the registry sees the outage").atMost(DEADLINE).until(() -> !registry.status().connected());

        long started = System.nanoTime();
        registry.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(PROMPT);
    }
}
