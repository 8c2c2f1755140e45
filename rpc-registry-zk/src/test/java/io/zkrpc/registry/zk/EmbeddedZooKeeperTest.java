package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process ZooKeeper of {@code zkrpc.registry.embedded=true}: it serves, and a failed start leaves nothing running. */
class EmbeddedZooKeeperTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void startsOnAFreePortAndServesClients() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
                CuratorFramework client = ZooKeepers.otherClient(zooKeeper.connectString(), DEADLINE)) {
            assertThat(zooKeeper.isOwner()).isTrue();
            client.create().creatingParentsIfNeeded().forPath("/probe", "ok".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(client.getData().forPath("/probe"), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
    }

    @Test
    void aServerThatFailsToStartLeavesNoThreadThatKeepsTheJvmAlive() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        // A transaction log without a snapshot: ZooKeeper refuses to load it, after its connection threads have started.
        Path logs = Files.createDirectories(directory.resolve("version-2"));
        Files.write(logs.resolve("log.1"), new byte[] {'Z', 'K', 'L', 'G', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});

        assertThatThrownBy(() -> EmbeddedZooKeeper.start("127.0.0.1", 0, directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot start an embedded ZooKeeper at 127.0.0.1:0");

        Polling.await("no thread the failed start left keeps the JVM alive").atMost(DEADLINE)
                .until(() -> names(nonDaemonThreads(), before), Set::isEmpty);
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon() && !thread.getName().startsWith("awaitility"))
                .collect(Collectors.toSet());
    }

    private static Set<String> names(Set<Thread> now, Set<Thread> before) {
        return now.stream().filter(thread -> !before.contains(thread)).map(Thread::getName).collect(Collectors.toSet());
    }
}
