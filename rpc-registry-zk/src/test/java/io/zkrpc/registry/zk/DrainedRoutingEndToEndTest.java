package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Draining and isolation against the tags and the rules, end to end: providers over real HTTP on
 * 127.0.0.1 (two untagged, one tagged {@code gray}), rules written in a real ZooKeeper, calls
 * counted by the instance that answered.
 */
class DrainedRoutingEndToEndTest {

    private static final int CALLS = 1_000;
    private static final Duration APPLIED = Duration.ofSeconds(5);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    private ZkRegistryCenter providers;
    private RpcServer stable;
    private RpcServer stable2;
    private RpcServer gray;
    private ServiceKey echo;

    @BeforeEach
    void startProviders() throws IOException {
        providers = zookeeper.started();
        stable = start("stable", Map.of());
        stable2 = start("stable2", Map.of());
        gray = start("gray", Map.of("tag", "gray"));
        echo = stable.serviceKey(Echo.class, "");
    }

    @Test
    void aGrayInstanceDrainedByRuleGetsNoneOfTheGrayShare() {
        RpcClient client = client(OutlierDetection.DEFAULT);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);

        apply(client, "{\"gray\": {\"tag\": \"gray\", \"share\": 0.5}, \"instances\": {\"" + gray.instance().address()
                + "\": {\"weight\": 0}}}");
        Map<String, Integer> counts = calls(proxy, CALLS);

        System.out.printf("Gray instance drained under a gray share of 50%%: %s over %d calls%n", counts, CALLS);
        assertThat(counts).doesNotContainKey("gray").containsKeys("stable", "stable2");
    }

    @Test
    void whenEveryUntaggedInstanceIsDrainedTheGrayInstanceServesEveryCall() {
        RpcClient client = client(OutlierDetection.DEFAULT);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);

        apply(client, "{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}, \"instances\": {\"" + stable.instance().address()
                + "\": {\"weight\": 0}, \"" + stable2.instance().address() + "\": {\"weight\": 0}}}");
        Map<String, Integer> counts = calls(proxy, CALLS);

        System.out.printf("Every untagged instance drained under a gray share of 10%%: %s over %d calls%n", counts, CALLS);
        assertThat(counts).containsOnlyKeys("gray");
    }

    @Test
    void anIsolatedInstanceStaysIsolatedWhenARuleChangesItsWeight() throws IOException {
        // Two failures in a row isolate for a minute: longer than the test.
        RpcClient client = client(new OutlierDetection(2, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(60)));
        Echo proxy = client.reference(Echo.class);
        // Registered, but nothing listens there: every call to it fails to connect.
        Instance dead = new Instance("http", "127.0.0.1", freePort(), "/zkrpc",
                Map.of("startTime", Long.toString(System.currentTimeMillis())));
        providers.register(echo, dead);
        awaitInstances(client, 4);
        Polling.await("the dead instance isolated").atMost(APPLIED).until(() -> {
            try {
                proxy.echo("x");
            } catch (RpcException e) {
                // A call whose every attempt failed: only the isolation matters here.
            }
            return client.isolatedInstances().containsKey(dead.address());
        });

        apply(client, "{\"instances\": {\"" + dead.address() + "\": {\"weight\": 50}}}");
        Polling.await("the new weight in the instance list").atMost(APPLIED).until(() -> client.instances(echo).stream()
                .anyMatch(instance -> instance.address().equals(dead.address()) && "50".equals(instance.metadata().get("weight"))));

        assertThat(client.isolatedInstances()).containsKey(dead.address());
        assertThat(calls(proxy, 300)).as("untagged calls: the gray instance takes none without a rule").containsOnlyKeys("stable", "stable2");
        assertThat(client.isolatedInstances().get(dead.address()).isolations()).as("no failed call reached it again").isEqualTo(1);
    }

    private void apply(RpcClient client, String rules) {
        providers.writeRules(echo, rules);
        Polling.await("the rules applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private RpcServer start(String name, Map<String, String> metadata) throws IOException {
        return zookeeper.closeAfter(RpcServer.builder().registry(providers).host("127.0.0.1").metadata(metadata).build()
                .export(Echo.class, text -> name, "")
                .start());
    }

    private RpcClient client(OutlierDetection outliers) {
        return zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).outlierDetection(outliers).build());
    }

    private void awaitInstances(RpcClient client, int count) {
        Polling.await(count + " instances").atMost(APPLIED).until(() -> client.instances(echo).size() == count);
    }

    /** {@code count} untagged calls, counted by the instance that answered. */
    private static Map<String, Integer> calls(Echo proxy, int count) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < count; i++) {
            counts.merge(proxy.echo("x"), 1, Integer::sum);
        }
        return counts;
    }
}
