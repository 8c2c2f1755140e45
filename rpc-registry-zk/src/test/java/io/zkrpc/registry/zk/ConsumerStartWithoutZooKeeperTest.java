package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.ServiceKey;

/** A consumer started while ZooKeeper is down: it calls through its snapshot, or fails clearly until ZooKeeper is up. */
class ConsumerStartWithoutZooKeeperTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String ENVIRONMENT = "test";

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.notYetRunning();
    @TempDir
    Path directory;

    @Test
    void callsGoThroughTheSnapshotOfAnEarlierRun() throws Exception {
        zookeeper.server().start();
        RpcServer server = startedServer();
        ServiceKey echo = server.serviceKey(Echo.class, "");
        Path snapshot = directory.resolve("registry-snapshot.json");
        try (ZkRegistryCenter earlierRun = consumerRegistry(snapshot)) {
            earlierRun.start();
            RecordingListener listener = new RecordingListener();
            earlierRun.subscribe(echo, listener);
            listener.awaitLatest(DEADLINE, server.instance());
        }
        assertThat(Files.readString(snapshot)).contains(echo.toString()).contains(":" + server.instance().port());

        zookeeper.server().stop();
        ZkRegistryCenter registry = consumerRegistry(snapshot);
        registry.start();
        RpcClient client = zookeeper.closeAfter(RpcClient.builder().registry(registry).environment(ENVIRONMENT).build());

        assertThat(registry.fetchAll(echo)).containsExactly(server.instance());
        assertThat(client.reference(Echo.class).echo("from the snapshot")).isEqualTo("echo:from the snapshot");
        assertThat(client.instances(echo)).containsExactly(server.instance());
        assertThat(registry.status().connected()).isFalse();
        assertThat(ZooKeepers.snapshotInUse(registry)).isTrue();
    }

    @Test
    void withoutASnapshotCallsFailClearlyThenWorkOnceZooKeeperIsUp() throws Exception {
        RpcServer server = startedServer();
        ServiceKey echo = server.serviceKey(Echo.class, "");
        ZkRegistryCenter registry = consumerRegistry(null);
        registry.start();
        RpcClient client = zookeeper.closeAfter(RpcClient.builder().registry(registry).environment(ENVIRONMENT).build());
        Echo reference = client.reference(Echo.class);

        assertThatThrownBy(() -> reference.echo("too early"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                .hasMessageContaining("registry is unreachable and there is no snapshot for service " + echo);

        zookeeper.server().start();

        Polling.await("a call succeeds").atMost(DEADLINE).until(() -> "echo:in time".equals(reference.echo("in time")));
        assertThat(client.instances(echo)).containsExactly(server.instance());
    }

    /** A provider of {@link Echo} registered through its own registry, which starts with or without ZooKeeper. */
    private RpcServer startedServer() throws Exception {
        ZkRegistryCenter registry = zookeeper.started(builder -> builder.connectionTimeout(Duration.ofMillis(500)));
        return zookeeper.closeAfter(RpcServer.builder().registry(registry).environment(ENVIRONMENT).build()
                .export(Echo.class, text -> "echo:" + text, "")
                .start());
    }

    private ZkRegistryCenter consumerRegistry(Path snapshot) {
        return zookeeper.registry(builder -> builder.connectionTimeout(Duration.ofMillis(500)).failFast(false).snapshotFile(snapshot));
    }
}
