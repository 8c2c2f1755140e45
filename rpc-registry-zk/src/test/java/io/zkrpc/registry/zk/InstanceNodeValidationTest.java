package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Only nodes a provider could have written count as instances: ephemeral, small, named after
 * their address, with a host, port, scheme and plain path. Any other is ignored, with one
 * warning, by direct reads and subscriptions alike, and valid instances are still discovered.
 */
class InstanceNodeValidationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "1.0", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance FAKE = Instance.http("10.6.6.6", 8081, "/zkrpc");
    private static final String FAKE_PATH = ZkLayout.instancePath(ORDERS, FAKE);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private CuratorFramework intruder;
    private ZkRegistryCenter consumer;
    private RecordingListener listener;

    @BeforeEach
    void registerAndSubscribe() throws Exception {
        intruder = zookeeper.otherClient();
        zookeeper.started().register(ORDERS, FIRST);
        consumer = zookeeper.started();
        listener = new RecordingListener();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, listener));
        listener.awaitLatest(DEADLINE, FIRST);
    }

    @Test
    void aPersistentInstanceNodeIsIgnored() throws Exception {
        intruder.create().withMode(CreateMode.PERSISTENT).forPath(FAKE_PATH, ZkLayout.encode(FAKE));

        assertIgnoredWhileValidOnesAreDiscovered();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'scheme':'http','host':'evil.example/x','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'user@evil.example','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6 x','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'300.6.6.6','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'::1','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':4294975377,'path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':'8081','path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'//evil.example/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'/zkrpc/../admin'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'/zkrpc?x=1'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'/zkrpc#x'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'http://evil.example/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'/%2e%2e/admin'}",
            "{'scheme':'ftp','host':'10.6.6.6','port':8081,'path':'/zkrpc'}",
            "{'scheme':'HTTP','host':'10.6.6.6','port':8081,'path':'/zkrpc'}",
            "{'host':'10.6.6.6','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.7','port':8081,'path':'/zkrpc'}",
            "{'scheme':'http','host':'10.6.6.6','port':8081,'path':'/zkrpc','metadata':'weight'}",
            "[1,2]",
            "not json"})
    void anEphemeralNodeThatIsNotAValidInstanceIsIgnored(String node) throws Exception {
        intruder.create().withMode(CreateMode.EPHEMERAL).forPath(FAKE_PATH, node.replace('\'', '"').getBytes(StandardCharsets.UTF_8));

        assertIgnoredWhileValidOnesAreDiscovered();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@evil.example", "10.6.6.6 x", "300.6.6.6", "::1", "", "evil.example:9999", "a..b", "-evil", "evil\u00e9.example"})
    void aNodeWithAnInvalidHostIsIgnoredEvenWhenNamedAfterIt(String host) throws Exception {
        String node = "{\"scheme\":\"http\",\"host\":\"" + host + "\",\"port\":8081,\"path\":\"/zkrpc\"}";
        String path = ZkLayout.providersPath(ORDERS) + "/" + host + ":8081";
        LogCapture log = zookeeper.closeAfter(LogCapture.start());
        intruder.create().withMode(CreateMode.EPHEMERAL).forPath(path, node.getBytes(StandardCharsets.UTF_8));

        assertIgnoredWhileValidOnesAreDiscovered(path);
        assertThat(log.text()).contains("is not a host name or IP address");
    }

    @Test
    void anOversizedNodeIsIgnored() throws Exception {
        Instance bloated = new Instance("http", FAKE.host(), FAKE.port(), "/zkrpc", Map.of("padding", "x".repeat(InstanceNodes.MAX_NODE_BYTES)));
        intruder.create().withMode(CreateMode.EPHEMERAL).forPath(FAKE_PATH, ZkLayout.encode(bloated));

        assertIgnoredWhileValidOnesAreDiscovered();
    }

    @Test
    void validNodesOfAnotherClientCountWhateverTheirHostNameSchemeAndPath() throws Exception {
        Instance named = new Instance("https", "provider-1.orders.example", 8443, "/api/zk_rpc-v1.0~x", Map.of("weight", "5"));
        Instance ipv6 = new Instance("http", "[fe80::1]", 8081, "/", Map.of());
        for (Instance instance : new Instance[] {named, ipv6}) {
            intruder.create().withMode(CreateMode.EPHEMERAL).forPath(ZkLayout.instancePath(ORDERS, instance), ZkLayout.encode(instance));
        }

        listener.awaitLatest(DEADLINE, FIRST, named, ipv6);
        assertThat(consumer.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, named, ipv6);
    }

    @Test
    void anInvalidNodeIsReportedOnceHoweverOftenTheListIsRead() throws Exception {
        LogCapture log = zookeeper.closeAfter(LogCapture.start());
        intruder.create().withMode(CreateMode.PERSISTENT).forPath(FAKE_PATH, ZkLayout.encode(FAKE));
        ZkRegistryCenter provider = zookeeper.started();

        for (int round = 0; round < 3; round++) {
            provider.register(ORDERS, SECOND);
            listener.awaitLatest(DEADLINE, FIRST, SECOND);
            assertThat(consumer.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
            provider.unregister(ORDERS, SECOND);
            listener.awaitLatest(DEADLINE, FIRST);
        }

        assertThat(occurrences(log.text(), "Ignoring the instance node " + FAKE_PATH)).isEqualTo(1);
        assertThat(log.text()).contains("it is not ephemeral");
    }

    @Test
    void decodingRefusesWhatAProviderNeverWrites() {
        assertThat(ZkLayout.decode(ZkLayout.encode(FIRST))).isEqualTo(FIRST);
        assertThatThrownBy(() -> ZkLayout.decode("{\"scheme\":\"http\",\"host\":\"a\\nb\",\"port\":1,\"path\":\"/\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a?b\"").hasMessageNotContaining("\n");
    }

    /**
     * Checks that the node at {@code fake} ({@link #FAKE_PATH} unless named) is ignored: a valid instance created after it is
     * delivered without it (so the subscription has seen the fake), and direct reads leave it out.
     */
    private void assertIgnoredWhileValidOnesAreDiscovered() throws Exception {
        assertIgnoredWhileValidOnesAreDiscovered(FAKE_PATH);
    }

    private void assertIgnoredWhileValidOnesAreDiscovered(String fake) throws Exception {
        intruder.create().withMode(CreateMode.EPHEMERAL).forPath(ZkLayout.instancePath(ORDERS, SECOND), ZkLayout.encode(SECOND));

        listener.awaitLatest(DEADLINE, FIRST, SECOND);
        assertThat(consumer.fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(zookeeper.started().fetchAll(ORDERS)).containsExactlyInAnyOrder(FIRST, SECOND);
        String fakeName = fake.substring(fake.lastIndexOf('/') + 1);
        assertThat(listener.received()).allSatisfy(list -> assertThat(list).doesNotContain(FAKE)
                .noneMatch(instance -> instance.host().equals(FAKE.host()) || instance.address().equals(fakeName)));
    }

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
