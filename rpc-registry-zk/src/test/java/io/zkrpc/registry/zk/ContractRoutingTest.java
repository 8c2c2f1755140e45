package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.contract.MethodDigests;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;

/**
 * A rolling upgrade that adds {@link Greeter#shout}, over a real ZooKeeper and real HTTP on
 * 127.0.0.1: the new method's calls go only to the instances that publish it, the old method's
 * everywhere, and with no instance left that has it, its calls fail before anything is sent.
 *
 * <p>The not-yet-upgraded instances are real providers (serving {@code shout} too, so that a call
 * routed to them wrongly is counted there) registered by hand in ZooKeeper with the metadata an
 * older provider writes.
 */
class ContractRoutingTest {

    private static final ServiceKey KEY = ServiceKey.of(Greeter.class, "", null);
    private static final String DISAGREE = "disagree with the consumer's interface";
    private static final int CALLS = 300;

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private LogCapture logs;
    private RpcClient client;
    private Greeter greeter;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void theNewMethodGoesOnlyToUpgradedInstancesAndFailsBeforeSendingOnceNoneIsLeft() throws Exception {
        Counting upgraded = new Counting();
        RpcServer upgradedServer = upgraded.servedOver(zookeeper.started());
        Counting first = new Counting();
        Counting second = new Counting();
        ZkRegistryCenter byHand = zookeeper.started();
        byHand.register(KEY, first.servedAsBefore(Map.of("version", "1.0")));
        byHand.register(KEY, second.servedAsBefore(Map.of("version", "1.0")));
        connect(3);

        for (int i = 0; i < CALLS; i++) {
            assertThat(greeter.greet("a")).endsWith("hello a");
            assertThat(greeter.shout("b")).endsWith("HELLO B");
        }

        System.out.printf("MEASURED greet over old/old/new: %d/%d/%d; shout: %d/%d/%d%n", first.greets.get(), second.greets.get(),
                upgraded.greets.get(), first.shouts.get(), second.shouts.get(), upgraded.shouts.get());
        assertThat(upgraded.shouts).hasValue(CALLS);
        assertThat(first.shouts).hasValue(0);
        assertThat(second.shouts).hasValue(0);
        assertThat(List.of(first.greets.get(), second.greets.get(), upgraded.greets.get())).allSatisfy(n -> assertThat(n).isGreaterThan(CALLS / 6));
        assertThat(first.greets.get() + second.greets.get() + upgraded.greets.get()).isEqualTo(CALLS);
        assertThat(occurrences(logs.text(), DISAGREE)).isEqualTo(1);
        assertThat(logs.text()).contains("shout(java.lang.String) is exported by 1 of 3 instance(s) (127.0.0.1:" + upgraded.port + ")");

        upgradedServer.close();
        Polling.await("the consumer sees the upgraded instance leave").atMost(ZooKeeperExtension.DEADLINE)
                .until(() -> client.instances(KEY).size() == 2);
        long started = System.nanoTime();
        assertThatThrownBy(() -> greeter.shout("c"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD))
                .hasMessageContaining("No instance of " + KEY + " exports shout(java.lang.String)")
                .hasMessageContaining("127.0.0.1:" + first.port + " (version 1.0)")
                .hasMessageContaining("127.0.0.1:" + second.port + " (version 1.0)");
        long failedAfterMillis = (System.nanoTime() - started) / 1_000_000;
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> greeter.shout("d")).isInstanceOf(RpcException.class);
            assertThat(greeter.greet("e")).endsWith("hello e");
        }

        System.out.printf("MEASURED shout with no instance exporting it failed after %d ms%n", failedAfterMillis);
        assertThat(failedAfterMillis).isLessThan(1_000);
        assertThat(first.shouts.get() + second.shouts.get()).as("calls of shout sent to an instance without it").isZero();
        assertThat(first.greets.get() + second.greets.get() + upgraded.greets.get()).isEqualTo(CALLS + 50);
        assertThat(occurrences(logs.text(), DISAGREE)).as("one more WARN, for the new disagreement").isEqualTo(2);
        assertThat(logs.text()).contains("shout(java.lang.String) is exported by none of the 2 instance(s)");
    }

    @Test
    void anInstanceWithoutAMethodListIsTakenToServeEveryMethod() throws Exception {
        Counting upgraded = new Counting();
        upgraded.servedOver(zookeeper.started());
        Counting older = new Counting();
        zookeeper.started().register(KEY, older.servedWith(Map.of("weight", "100")));
        connect(2);

        for (int i = 0; i < CALLS; i++) {
            greeter.shout("a");
        }

        System.out.printf("MEASURED shout over listless/new: %d/%d%n", older.shouts.get(), upgraded.shouts.get());
        assertThat(older.shouts.get()).isGreaterThan(CALLS / 4);
        assertThat(upgraded.shouts.get()).isGreaterThan(CALLS / 4);
        assertThat(logs.text()).doesNotContain(DISAGREE);
    }

    @Test
    void hostileMethodListsNeitherBreakRoutingNorStopTheirInstances() throws Exception {
        Counting upgraded = new Counting();
        upgraded.servedOver(zookeeper.started());
        Counting garbage = new Counting();
        Counting overlong = new Counting();
        ZkRegistryCenter byHand = zookeeper.started();
        byHand.register(KEY, garbage.servedWith(Map.of(MethodDigests.key(KEY), "\u0000zz,<script>".repeat(500))));
        byHand.register(KEY, overlong.servedWith(Map.of(MethodDigests.key(KEY), "0123abcd,".repeat(1_000) + "0123abcd")));
        connect(3);

        for (int i = 0; i < CALLS; i++) {
            greeter.shout("a");
        }

        System.out.printf("MEASURED shout over garbage/overlong/new: %d/%d/%d%n", garbage.shouts.get(), overlong.shouts.get(),
                upgraded.shouts.get());
        assertThat(List.of(garbage.shouts.get(), overlong.shouts.get(), upgraded.shouts.get())).allSatisfy(n -> assertThat(n).isGreaterThan(CALLS / 6));
        assertThat(occurrences(logs.text(), "2 instance(s) publish an unreadable method list")).isEqualTo(1);
        assertThat(logs.text()).doesNotContain("<script>");
    }

    private void connect(int instances) {
        client = zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).build());
        greeter = client.reference(Greeter.class);
        Polling.await("the consumer sees every instance").atMost(ZooKeeperExtension.DEADLINE)
                .until(() -> client.instances(KEY).size() == instances);
    }

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** A provider of {@link Greeter} that counts the calls of each method it serves. */
    private final class Counting implements Greeter {

        final AtomicInteger greets = new AtomicInteger();
        final AtomicInteger shouts = new AtomicInteger();
        int port;

        @Override
        public String greet(String name) {
            greets.incrementAndGet();
            return port + ": hello " + name;
        }

        @Override
        public String shout(String name) {
            shouts.incrementAndGet();
            return port + ": HELLO " + name.toUpperCase();
        }

        /** Started on 127.0.0.1 and registered in {@code registry} as a provider registers itself. */
        RpcServer servedOver(ZkRegistryCenter registry) throws Exception {
            RpcServer server = zookeeper.closeAfter(RpcServer.builder().registry(registry).build().export(Greeter.class, this, "").start());
            port = server.instance().port();
            return server;
        }

        /** Started on 127.0.0.1 outside ZooKeeper; the instance to register by hand there, with {@code metadata} only. */
        Instance servedWith(Map<String, String> metadata) throws Exception {
            RpcServer server = zookeeper.closeAfter(RpcServer.builder().registry(new StaticRegistryCenter()).build()
                    .export(Greeter.class, this, "").start());
            port = server.instance().port();
            return new Instance("http", "127.0.0.1", port, server.instance().path(), metadata);
        }

        /** As {@link #servedWith}, with the method list of {@link Greeter.Before}, as an instance not yet upgraded publishes it. */
        Instance servedAsBefore(Map<String, String> metadata) throws Exception {
            Map<String, String> before = new HashMap<>(metadata);
            before.put(MethodDigests.key(KEY), MethodDigests.publish(MethodDescriptor.forInterface(Greeter.Before.class).keySet()));
            return servedWith(before);
        }
    }
}
