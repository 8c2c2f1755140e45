package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A registration that ZooKeeper refused once (NoAuth) comes back when ZooKeeper accepts it again,
 * with its watch: Curator's PersistentNode gives up after one NoAuth, so reconciliation replaces it
 * when the node is missing at two passes in a row.
 * The reconciliation is run by hand here, so that only a live watch can bring a deleted node back.
 */
class RegistrationRefusedTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final String PATH = ZkLayout.instancePath(ORDERS, FIRST);
    private static final String PROVIDERS = ZkLayout.providersPath(ORDERS);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void aRegistrationRefusedWithNoAuthIsReportedOnceAndComesBackWithItsWatchOnceAccepted() throws Exception {
        CuratorFramework provider = zookeeper.otherClient();
        Registrations registrations = new Registrations(provider, () -> true, DEADLINE.toMillis(), Runnable::run);
        CuratorFramework operator = zookeeper.closeAfter(operator());
        registrations.register(ORDERS, FIRST);
        LogCapture log = zookeeper.closeAfter(LogCapture.start());

        // The operator locks the providers node, then deletes the instance: its watch tries to re-create it, is refused, and gives up.
        operator.setACL().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("ops:pw"))),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))).forPath(PROVIDERS);
        operator.delete().forPath(PATH);
        awaitRefusedWatch(log);
        registrations.reconcile();
        registrations.reconcile();

        assertThat(provider.checkExists().forPath(PATH)).isNull();
        assertThat(registrations.missing()).as("reported missing, for the health indicator").containsExactly(PATH);
        assertThat(log.text()).containsOnlyOnce("WARN io.zkrpc.registry.zk.Registrations - ZooKeeper refuses to create " + PATH
                + " (NoAuth): the ACL of " + PROVIDERS + " must let this client create there");

        operator.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(PROVIDERS);
        registrations.reconcile();

        assertThat(provider.checkExists().forPath(PATH).getEphemeralOwner()).isEqualTo(provider.getZookeeperClient().getZooKeeper().getSessionId());
        assertThat(registrations.missing()).isEmpty();
        assertThat(log.text()).containsOnlyOnce("Registered " + PATH + " again: ZooKeeper accepts it now");

        operator.delete().forPath(PATH);

        Polling.await("the node is back without a reconciliation: its watch lives again").atMost(DEADLINE)
                .until(() -> provider.checkExists().forPath(PATH) != null);
    }

    @Test
    void aNodeWhoseWatchGaveUpIsRecreatedByTheNextReconciliationWithAWarning() throws Exception {
        CuratorFramework provider = zookeeper.otherClient();
        Registrations registrations = new Registrations(provider, () -> true, DEADLINE.toMillis(), Runnable::run);
        CuratorFramework operator = zookeeper.closeAfter(operator());
        registrations.register(ORDERS, FIRST);
        LogCapture log = zookeeper.closeAfter(LogCapture.start());
        operator.setACL().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("ops:pw"))),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))).forPath(PROVIDERS);
        operator.delete().forPath(PATH);
        awaitRefusedWatch(log);
        // Fixed before any reconciliation: the watch, refused once, does not try again by itself.
        operator.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(PROVIDERS);

        // Missing at one pass only, the node may be on its way back; missing at the next one too, its watch gave up.
        registrations.reconcile();
        assertThat(provider.checkExists().forPath(PATH)).isNull();
        registrations.reconcile();

        assertThat(provider.checkExists().forPath(PATH)).isNotNull();
        assertThat(log.text()).containsOnlyOnce("WARN io.zkrpc.registry.zk.Registrations - Re-created " + PATH + ": it was missing");
        operator.delete().forPath(PATH);
        Polling.await("the node is back without a reconciliation: its watch lives again").atMost(DEADLINE)
                .until(() -> provider.checkExists().forPath(PATH) != null);
    }

    /** Waits for Curator's own line saying that the PersistentNode was refused, after which it gives up. */
    private static void awaitRefusedWatch(LogCapture log) {
        Polling.await("the PersistentNode was refused").atMost(DEADLINE)
                .until(() -> log.text().contains("Client does not have authorisation to create node at path " + PATH));
    }

    /** A client authenticated as the operator {@code ops}, in the registry's namespace. */
    private CuratorFramework operator() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(zookeeper.connectString())
                .namespace("zkrpc")
                .authorization("digest", "ops:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .retryPolicy(new RetryOneTime(100))
                .build();
        client.start();
        assertThat(client.blockUntilConnected((int) DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        return client;
    }
}
