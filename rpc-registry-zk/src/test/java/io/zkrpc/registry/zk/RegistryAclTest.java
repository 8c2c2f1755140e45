package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * With digest credentials, every node the registry creates gives them every right and everyone
 * else at most reading: an anonymous client cannot add, change or delete an instance, while
 * consumers, with the credentials or (when the tree is world-readable) without, still discover.
 */
class RegistryAclTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance FAKE = Instance.http("10.6.6.6", 8081, "/zkrpc");
    private static final String USER = "zkrpc";
    private static final String PASSWORD = "s3cret";

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void everyNodeTheRegistryCreatesGivesTheCredentialsEveryRightAndOthersReading() throws Exception {
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.credentials(USER, PASSWORD));

        provider.register(ORDERS, FIRST);

        // Read with the credentials: ZooKeeper shows others a digest's user only.
        CuratorFramework root = zookeeper.closeAfter(client("digest", USER + ":" + PASSWORD)).usingNamespace(null);
        List<ACL> expected = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(USER + ":" + PASSWORD))),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        for (String path : List.of("/zkrpc", "/zkrpc/test", "/zkrpc" + ZkLayout.servicePath(ORDERS), "/zkrpc" + ZkLayout.providersPath(ORDERS),
                "/zkrpc" + ZkLayout.instancePath(ORDERS, FIRST))) {
            assertThat(root.getACL().forPath(path)).as("the ACL of %s", path).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aMissingChrootIsCreatedWithTheRegistrysAclToo() throws Exception {
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.connectString(zookeeper.connectString() + "/team-a")
                .credentials(USER, PASSWORD).worldReadable(false));

        provider.register(ORDERS, FIRST);

        CuratorFramework root = zookeeper.closeAfter(client("digest", USER + ":" + PASSWORD)).usingNamespace(null);
        assertThat(root.getACL().forPath("/team-a")).as("a shared root zkrpc created is its user's alone")
                .containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(USER + ":" + PASSWORD))));
    }

    @Test
    void anAnonymousClientCanNeitherAddNorChangeNorDeleteAnInstance() throws Exception {
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.credentials(USER, PASSWORD));
        provider.register(ORDERS, FIRST);
        CuratorFramework anonymous = zookeeper.otherClient();
        String instance = ZkLayout.instancePath(ORDERS, FIRST);

        assertThatThrownBy(() -> anonymous.create().withMode(CreateMode.EPHEMERAL).forPath(ZkLayout.instancePath(ORDERS, FAKE),
                ZkLayout.encode(FAKE))).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymous.create().creatingParentsIfNeeded().forPath(ZkLayout.providersPath(
                new ServiceKey("com.example.OtherService", "", "test")))).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymous.setData().forPath(instance, ZkLayout.encode(FAKE))).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymous.delete().forPath(instance)).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymous.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(instance))
                .isInstanceOf(KeeperException.NoAuthException.class);

        assertThat(ZkLayout.decode(anonymous.getData().forPath(instance))).as("what anyone may still read").isEqualTo(FIRST);
        assertThat(anonymous.getChildren().forPath(ZkLayout.providersPath(ORDERS))).containsExactly(FIRST.address());
    }

    @Test
    void otherCredentialsCannotWriteEither() throws Exception {
        ZkRegistryCenter provider = zookeeper.started(builder -> builder.credentials(USER, PASSWORD));
        provider.register(ORDERS, FIRST);
        CuratorFramework intruder = zookeeper.closeAfter(client("digest", USER + ":guess"));

        assertThatThrownBy(() -> intruder.create().withMode(CreateMode.EPHEMERAL).forPath(ZkLayout.instancePath(ORDERS, FAKE),
                ZkLayout.encode(FAKE))).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> intruder.setData().forPath(ZkLayout.instancePath(ORDERS, FIRST), ZkLayout.encode(FAKE)))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    void providersWithTheCredentialsShareTheTreeAndConsumersWithAndWithoutThemDiscover() throws Exception {
        zookeeper.started(builder -> builder.credentials(USER, PASSWORD)).register(ORDERS, FIRST);
        zookeeper.started(builder -> builder.credentials(USER, PASSWORD)).register(ORDERS, SECOND);
        ZkRegistryCenter authenticated = zookeeper.started(builder -> builder.credentials(USER, PASSWORD));
        ZkRegistryCenter anonymous = zookeeper.started();

        assertThat(authenticated.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(anonymous.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        for (ZkRegistryCenter consumer : List.of(authenticated, anonymous)) {
            RecordingListener listener = new RecordingListener();
            zookeeper.closeAfter(consumer.subscribe(ORDERS, listener));
            listener.awaitLatest(DEADLINE, FIRST, SECOND);
        }
    }

    @Test
    void withoutWorldReadingOnlyTheCredentialsDiscover() throws Exception {
        zookeeper.started(builder -> builder.credentials(USER, PASSWORD).worldReadable(false)).register(ORDERS, FIRST);
        ZkRegistryCenter authenticated = zookeeper.started(builder -> builder.credentials(USER, PASSWORD).worldReadable(false));
        ZkRegistryCenter anonymous = zookeeper.started();

        assertThat(authenticated.fetchAll(ORDERS)).containsExactly(FIRST);
        RecordingListener listener = new RecordingListener();
        zookeeper.closeAfter(authenticated.subscribe(ORDERS, listener));
        listener.awaitLatest(DEADLINE, FIRST);
        assertThatThrownBy(() -> anonymous.fetchAll(ORDERS))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                .hasRootCauseInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> zookeeper.observer().getData().forPath(ZkLayout.instancePath(ORDERS, FIRST)))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    void aUsernameWithAColonOrWithoutAPasswordIsRefused() {
        assertThatThrownBy(() -> ZkRegistryCenter.builder().credentials("a:b", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
        assertThatThrownBy(() -> ZkRegistryCenter.builder().credentials(USER, "").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(USER);
    }

    @Test
    void rulesWrittenWithoutTheNodesCredentialsAreRefusedAsForbiddenAndReadAsNoneWhenUnreadable() throws Exception {
        ZkRegistryCenter owner = zookeeper.started(builder -> builder.credentials(USER, PASSWORD).worldReadable(false));
        String rules = "{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}}";
        owner.writeRules(ORDERS, rules);
        ZkRegistryCenter anonymous = zookeeper.started();

        assertThatThrownBy(() -> anonymous.writeRules(ORDERS, "{}"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.FORBIDDEN))
                .hasMessageContaining("ZooKeeper refused to write the rules of " + ORDERS)
                .hasMessageContaining("no right").hasMessageContaining("none are set");
        assertThatThrownBy(() -> anonymous.writeRules(ORDERS, null))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.FORBIDDEN))
                .hasMessageContaining("refused to delete the rules");
        assertThat(anonymous.fetchRules(ORDERS)).as("rules this session may not read").isNull();
        assertThat(owner.fetchRules(ORDERS)).isEqualTo(rules);
    }

    private CuratorFramework client(String scheme, String auth) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString()).namespace("zkrpc")
                .authorization(scheme, auth.getBytes(StandardCharsets.UTF_8)).retryPolicy(new RetryOneTime(100)).build();
        client.start();
        if (!client.blockUntilConnected((int) DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new AssertionError("No connection to ZooKeeper at " + zookeeper.connectString());
        }
        return client;
    }
}
