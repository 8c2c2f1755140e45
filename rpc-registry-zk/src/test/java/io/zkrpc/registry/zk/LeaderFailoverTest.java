package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** A three-server ensemble losing its leader: registrations and subscribed lists come through the election. */
class LeaderFailoverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final ServiceKey USERS = new ServiceKey("com.example.UserService", "", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance THIRD = Instance.http("127.0.0.1", 8083, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.withoutServer();
    private TestingCluster cluster;
    private final Map<String, ZkRegistryCenter> registrations = new LinkedHashMap<>();
    private ZkRegistryCenter firstProvider;
    private ZkRegistryCenter secondProvider;

    @BeforeEach
    void startEnsembleAndProviders() throws Exception {
        // Loopback only, with a short tick so that an election takes a few seconds at most.
        List<InstanceSpec> specs = IntStream.rangeClosed(1, 3)
                .mapToObj(id -> new InstanceSpec(null, -1, -1, -1, true, id, 500, -1,
                        Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"))
                .toList();
        cluster = zookeeper.closeAfter(new TestingCluster(specs));
        cluster.start();
        leader();
        firstProvider = startedRegistry();
        secondProvider = startedRegistry();
        register(firstProvider, ORDERS, FIRST);
        register(secondProvider, ORDERS, SECOND);
        register(firstProvider, USERS, FIRST);
        register(secondProvider, USERS, SECOND);
    }

    @Test
    void noRegistrationIsLostWhenTheLeaderIsKilled() throws Exception {
        InstanceSpec leader = leader();
        CuratorFramework observer = zookeeper.closeAfter(ZooKeepers.otherClient(cluster.getConnectString(), DEADLINE));
        Polling.await("every registration in place").atMost(DEADLINE).until(() -> everyRegistrationOwned(observer));

        assertThat(cluster.killServer(leader)).isTrue();

        InstanceSpec newLeader = leader();
        assertThat(newLeader).isNotEqualTo(leader);
        Polling.await("both providers connected again").atMost(DEADLINE).until(() -> firstProvider.status().connected() && secondProvider.status().connected());
        Polling.await("every registration in place after the election").atMost(DEADLINE).until(() -> everyRegistrationOwned(observer));
        assertThat(firstProvider.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(secondProvider.fetchAll(USERS)).containsExactlyInAnyOrder(FIRST, SECOND);
    }

    @Test
    void consumersKeepTheirListsAndConvergeAfterTheLeaderIsKilled() throws Exception {
        List<ZkRegistryCenter> consumers = List.of(startedRegistry(), startedRegistry());
        List<RecordingListener> orders = new ArrayList<>();
        List<RecordingListener> users = new ArrayList<>();
        for (ZkRegistryCenter consumer : consumers) {
            orders.add(subscribed(consumer, ORDERS, FIRST, SECOND));
            users.add(subscribed(consumer, USERS, FIRST, SECOND));
        }

        assertThat(cluster.killServer(leader())).isTrue();
        leader();
        Polling.await("every registry connected again").atMost(DEADLINE).until(() -> consumers.stream().allMatch(c -> c.status().connected())
                && firstProvider.status().connected() && secondProvider.status().connected());
        register(firstProvider, ORDERS, THIRD);

        for (int i = 0; i < consumers.size(); i++) {
            orders.get(i).awaitLatest(DEADLINE, FIRST, SECOND, THIRD);
            users.get(i).awaitLatest(DEADLINE, FIRST, SECOND);
            assertThat(orders.get(i).received()).as("every list consumer %d had of %s", i, ORDERS)
                    .allSatisfy(list -> assertThat(list).contains(FIRST, SECOND));
            assertThat(users.get(i).received()).as("every list consumer %d had of %s", i, USERS)
                    .allSatisfy(list -> assertThat(list).containsExactlyInAnyOrder(FIRST, SECOND));
            assertThat(consumers.get(i).status().subscriptions())
                    .containsEntry(ORDERS.toString(), 3).containsEntry(USERS.toString(), 2);
        }
    }

    /** The server that is leading now, waiting for an election to end if one is under way. */
    private InstanceSpec leader() {
        List<InstanceSpec> leaders = new ArrayList<>();
        Polling.await("one server leads").atMost(DEADLINE).until(() -> {
            leaders.clear();
            for (InstanceSpec spec : cluster.getInstances()) {
                if (mode(spec).contains("Mode: leader")) {
                    leaders.add(spec);
                }
            }
            return leaders.size() == 1;
        });
        return leaders.get(0);
    }

    private static String mode(InstanceSpec spec) {
        try {
            return FourLetterWordMain.send4LetterWord(spec.getHostname(), spec.getPort(), "srvr", false, 1_000);
        } catch (IOException | org.apache.zookeeper.common.X509Exception.SSLContextException e) {
            return "unreachable: " + e;
        }
    }

    private RecordingListener subscribed(ZkRegistryCenter consumer, ServiceKey service, Instance... expected) {
        RecordingListener listener = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(service, listener));
        listener.awaitLatest(DEADLINE, expected);
        return listener;
    }

    private void register(ZkRegistryCenter provider, ServiceKey service, Instance instance) {
        provider.register(service, instance);
        registrations.put(ZkLayout.instancePath(service, instance), provider);
    }

    private boolean everyRegistrationOwned(CuratorFramework observer) throws Exception {
        for (Map.Entry<String, ZkRegistryCenter> registration : registrations.entrySet()) {
            if (!zookeeper.ownedBy(observer, registration.getKey(), registration.getValue())) {
                return false;
            }
        }
        return true;
    }

    private ZkRegistryCenter startedRegistry() {
        return zookeeper.started(builder -> builder.connectString(cluster.getConnectString())
                .sessionTimeout(Duration.ofSeconds(8)).connectionTimeout(Duration.ofSeconds(5)));
    }
}
