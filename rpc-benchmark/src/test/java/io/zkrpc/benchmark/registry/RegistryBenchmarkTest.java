package io.zkrpc.benchmark.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The registry benchmark at a small scale against a real ZooKeeper that is restarted on the same
 * port and data directory: 20 instances of 4 services by 10 provider sessions, 2 consumer sessions
 * of 2 services each.
 */
class RegistryBenchmarkTest {

    private static final Map<String, String> SMALL = Map.of("services", "4", "instances", "20", "providers", "10",
            "consumers", "2", "subscriptions", "2", "changes", "5", "storm", "0");
    private static final int SESSIONS = 12;

    @Test
    void aRestartWithinTheSessionTimeoutConvergesWithoutExpirations() throws Exception {
        try (TestingServer server = server(-1)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            try (RegistryBenchmark benchmark = new RegistryBenchmark(server.getConnectString(), Shape.parse(SMALL), server::restart,
                    lines::add)) {
                benchmark.run();
                // What the figures claim is so when they are reported: every node and watch back, every view whole.
                ZooKeeperWords words = new ZooKeeperWords(server.getConnectString());
                assertThat(words.monitor()).containsEntry("zk_ephemerals_count", 20L);
                // One node watch per instance (its provider's) and one persistent watch per subscription; the
                // sessions' own watches come and go.
                assertThat(words.watches()).isGreaterThanOrEqualTo(20 + 4).isLessThanOrEqualTo(watches(lines, "registry-watches"));
            }
            String restart = result(lines, "registry-restart");
            assertThat(restart).contains(" lost=0 ", " new_sessions=0").contains(" suspended=" + SESSIONS + " ");
            assertThat(figure(restart, "registrations_ms")).isGreaterThanOrEqualTo(figure(restart, "down_ms"));
            assertThat(figure(restart, "subscriptions_ms")).isGreaterThanOrEqualTo(figure(restart, "down_ms"));
            assertThat(result(lines, "registry-full-view")).startsWith(
                    "RESULT scenario=registry-full-view services=4 instances=20 providers=10 consumers=2 subscriptions=2 ms=");
            assertThat(result(lines, "registry-server")).contains(" ephemerals=20 ");
        }
    }

    @Test
    void aRestartLongerThanTheSessionTimeoutCountsEveryExpiredSession() throws Exception {
        try (TestingServer server = server(100)) { // sessions of 2 to 20 ticks: 200 ms to 2 s
            Map<String, String> args = new java.util.HashMap<>(SMALL);
            args.put("session-timeout", "1000ms");
            AtomicReference<RegistryBenchmark> running = new AtomicReference<>();
            List<String> lines = new CopyOnWriteArrayList<>();
            RegistryBenchmark.ZooKeeperRestart outage = () -> {
                server.stop();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (running.get().lostEvents() < SESSIONS) { // Curator declares each session lost once its timeout passed
                    assertThat(System.nanoTime()).as("every session lost within 60 s").isLessThan(deadline);
                    LockSupport.parkNanos(10_000_000);
                }
                server.restart();
            };
            try (RegistryBenchmark benchmark = new RegistryBenchmark(server.getConnectString(), Shape.parse(args), outage, lines::add)) {
                running.set(benchmark);
                benchmark.run();
                assertThat(new ZooKeeperWords(server.getConnectString()).monitor()).containsEntry("zk_ephemerals_count", 20L);
            }
            String restart = result(lines, "registry-restart");
            assertThat(restart).contains(" lost=" + SESSIONS + " ", " new_sessions=" + SESSIONS);
        }
    }

    @Test
    void aShapeThatCannotBeDeployedEvenlyIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Shape.parse(Map.of("services", "3", "instances", "20")))
                .hasMessageContaining("instances (20) must be a multiple of services (3)");
        assertThatThrownBy(() -> Shape.parse(Map.of("providers", "7")))
                .hasMessageContaining("providers (7) must be a multiple of the replicas per service (10)");
        assertThatThrownBy(() -> Shape.parse(Map.of("sevrices", "3"))).hasMessageContaining("Unknown registry benchmark argument 'sevrices'");
        assertThatThrownBy(() -> Shape.parse(Map.of("session-timeout", "30"))).hasMessageContaining("30s or 4000ms");
        Shape shape = Shape.parse(Map.of());
        assertThat(shape.replicas()).isEqualTo(10);
        assertThat(shape.servicesPerProvider()).isEqualTo(40);
        assertThat(shape.servicesOf(11)).hasSize(40).startsWith(40);
        assertThat(shape.providersOf(40)).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    private static TestingServer server(int tickMillis) throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, tickMillis, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
    }

    private static String result(List<String> lines, String scenario) {
        return lines.stream().filter(line -> line.startsWith("RESULT scenario=" + scenario + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line of " + scenario + " in " + lines));
    }

    private static long watches(List<String> lines, String scenario) {
        return figure(result(lines, scenario), "watches");
    }

    private static long figure(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in " + line);
    }
}
