package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.cluster.ServiceRules;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Gray release, tags and rule weights end to end: three providers over real HTTP on 127.0.0.1
 * (two untagged, one tagged {@code gray}), rules written in a real ZooKeeper, calls counted by
 * the instance that answered.
 */
class GrayReleaseEndToEndTest {

    private static final int CALLS = 10_000;
    private static final Duration APPLIED = Duration.ofSeconds(5);

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    private ZkRegistryCenter providers;
    private RpcServer stable;
    private ServiceKey echo;

    @BeforeEach
    void startProviders() throws IOException {
        providers = zookeeper.started();
        stable = start("stable", Map.of());
        start("stable2", Map.of());
        start("gray", Map.of("tag", "gray"));
        echo = stable.serviceKey(Echo.class, "");
    }

    @Test
    void aGrayShareOfOneTenthLandsWithinTwoPointsOverTenThousandCalls() {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);

        providers.writeRules(echo, "{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}}");
        Polling.await("the rule applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());
        Map<String, Integer> counts = calls(proxy, CALLS, null);

        double share = counts.getOrDefault("gray", 0) / (double) CALLS;
        System.out.printf("Gray release over real HTTP: %.2f%% of %d untagged calls answered by the gray instance (rule share 10%%): %s%n",
                share * 100, CALLS, counts);
        assertThat(share).isCloseTo(0.1, within(0.02));
        assertThat(counts.get("stable")).isPositive();
        assertThat(counts.get("stable2")).isPositive();
    }

    @Test
    void aRuleChangeAppliesWithinOneSecondAndDeletingItClearsIt() {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);
        assertThat(calls(proxy, 200, null)).doesNotContainKey("gray");

        for (int round = 1; round <= 3; round++) {
            long written = System.nanoTime();
            providers.writeRules(echo, "{\"gray\": {\"tag\": \"gray\", \"share\": 1}}");
            long toGray = untilAnswerFrom(proxy, "gray", written);
            providers.writeRules(echo, null);
            written = System.nanoTime();
            long back = untilAnswerFromOtherThan(proxy, "gray", written);
            System.out.printf("Rule change, round %d: first call routed by the new rule %d ms after the write; by its deletion %d ms after%n",
                    round, toGray, back);
            assertThat(toGray).isLessThan(1_000);
            assertThat(back).isLessThan(1_000);
        }
        assertThat(client.rules(echo)).isEmpty();
    }

    @Test
    void anInstanceOfRuleWeightZeroReceivesNoCall() {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);

        providers.writeRules(echo, "{\"instances\": {\"" + stable.instance().address() + "\": {\"weight\": 0}}}");
        Polling.await("the weight applied").atMost(APPLIED).until(() -> client.instances(echo).stream()
                .anyMatch(instance -> "0".equals(instance.metadata().get("weight"))));
        Map<String, Integer> counts = calls(proxy, CALLS, null);

        System.out.printf("Weight 0 by rule: %s over %d calls%n", counts, CALLS);
        assertThat(counts).doesNotContainKey("stable");
        assertThat(counts.get("stable2")).isEqualTo(CALLS);
    }

    @Test
    void aTaggedCallGoesToItsTagAndFallsBackToTheUntaggedUnlessTagStrict() {
        RpcClient lenient = client(false);
        Echo proxy = lenient.reference(Echo.class);
        awaitInstances(lenient, 3);

        assertThat(calls(proxy, 300, "gray")).containsOnlyKeys("gray");
        assertThat(calls(proxy, 300, "canary")).containsOnlyKeys("stable", "stable2");
        assertThat(calls(proxy, 300, null)).containsOnlyKeys("stable", "stable2");

        RpcClient strict = client(true);
        Echo strictProxy = strict.reference(Echo.class);
        awaitInstances(strict, 3);
        assertThat(calls(strictProxy, 100, "gray")).containsOnlyKeys("gray");
        RpcContext.current().setAttachment(RpcContext.TAG, "canary");
        assertThatThrownBy(() -> strictProxy.echo("x"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.NO_PROVIDER))
                .hasMessageContaining("no instance has tag 'canary' and zkrpc.consumer.tag-strict is on");
    }

    @Test
    void aMalformedRuleIsRefusedWithOneWarningAndTheLastGoodRuleStays() throws Exception {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);
        providers.writeRules(echo, "{\"gray\": {\"tag\": \"gray\", \"share\": 1}}");
        Polling.await("the rule applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());

        try (LogCapture log = LogCapture.start()) {
            byte[] malformed = "{\"gray\": {\"tag\": \"gray\", \"share\": 7}}".getBytes(StandardCharsets.UTF_8);
            // As an operator's zkCli.sh would: no check on the way in.
            providers.client().setData().forPath(ZkLayout.configPath(echo), malformed);
            Polling.await("the refusal").atMost(APPLIED).until(() -> log.text().contains("Refused the rules of"));

            assertThat(calls(proxy, 300, null)).containsOnlyKeys("gray");
            assertThat(client.rules(echo)).containsKey("gray");
            String text = log.text();
            assertThat(text.split("Refused the rules of", -1)).hasSize(2);
            assertThat(text).contains("WARN").contains("gray share 7 is not from 0 to 1").doesNotContain("\tat ");
        }
        assertThatThrownBy(() -> providers.writeRules(echo, "{\"gray\": {\"tag\": \"gray\", \"share\": 7}}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ruleWeightsApplyToInstancesThatJoinLater() throws IOException {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);
        // The rule names an address before any instance has it; the instance joins afterwards.
        int port = freePort();
        providers.writeRules(echo, "{\"instances\": {\"127.0.0.1:" + port + "\": {\"weight\": 0}}}");
        Polling.await("the rule applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());
        zookeeper.closeAfter(RpcServer.builder().registry(providers).host("127.0.0.1").port(port).build()
                .export(Echo.class, text -> "late", "").start());
        awaitInstances(client, 4);

        assertThat(calls(proxy, 600, null)).doesNotContainKey("late");
    }

    @Test
    void aNewReferenceFollowsADrainFromItsVeryFirstCall() {
        providers.writeRules(echo, "{\"instances\": {\"" + stable.instance().address() + "\": {\"weight\": 0}}}");

        // A fresh client: nothing read yet, so the rules must be known before reference() returns.
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(proxy.echo("x"));
        }

        System.out.printf("First 100 calls of a new reference under a drain: %s%n", counts(first));
        assertThat(first).doesNotContain("stable").contains("stable2");
    }

    @Test
    void fetchRulesReadsTheNodeAtOnceAndNoneOrOversizedDataIsNone() throws Exception {
        ZkRegistryCenter consumer = zookeeper.started();
        assertThat(consumer.fetchRules(echo)).isNull();

        String rules = "{\"gray\": {\"tag\": \"gray\", \"share\": 0.25}}";
        providers.writeRules(echo, rules);
        assertThat(consumer.fetchRules(echo)).isEqualTo(rules);

        byte[] oversized = ("{\"gray\": {\"tag\": \"" + "g".repeat(ServiceRules.MAX_BYTES) + "\", \"share\": 1}}").getBytes(StandardCharsets.UTF_8);
        providers.client().setData().forPath(ZkLayout.configPath(echo), oversized);
        assertThat(consumer.fetchRules(echo)).isNull();
    }

    @Test
    void aMalformedRuleReadAtTheStartIsRefusedWithOneWarningAndNoRule() throws Exception {
        providers.writeRules(echo, "{}");
        providers.client().setData().forPath(ZkLayout.configPath(echo), "{\"gray\": {\"tag\": \"gray\", \"share\": 7}}".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.start()) {
            RpcClient client = client(false);
            Echo proxy = client.reference(Echo.class);

            assertThat(calls(proxy, 200, null)).doesNotContainKey("gray");
            assertThat(client.rules(echo)).isEmpty();
            assertThat(log.text()).contains("Refused the rules of").contains("gray share 7 is not from 0 to 1");
            // The watch delivers the same text too, before the next: still one WARN.
            providers.writeRules(echo, "{\"gray\": {\"tag\": \"gray\", \"share\": 1}}");
            Polling.await("the next rule applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());
            assertThat(log.text().split("Refused the rules of", -1)).hasSize(2);
        }
    }

    @Test
    void ruleAddressesMatchingNoInstanceAreReportedOncePerRulesVersion() throws Exception {
        RpcClient client = client(false);
        Echo proxy = client.reference(Echo.class);
        awaitInstances(client, 3);
        String byName = "localhost:" + stable.instance().port();

        try (LogCapture log = LogCapture.start()) {
            providers.writeRules(echo, "{\"instances\": {\"" + byName + "\": {\"weight\": 0}}}");
            Polling.await("the rule applied").atMost(APPLIED).until(() -> !client.rules(echo).isEmpty());
            Polling.await("the warning").atMost(APPLIED).until(() -> log.text().contains("no instance has now"));
            calls(proxy, 50, null);
            // An instance joins: the same rules version, no second warning.
            zookeeper.closeAfter(RpcServer.builder().registry(providers).host("127.0.0.1").build()
                    .export(Echo.class, text -> "late", "").start());
            awaitInstances(client, 4);

            String text = log.text();
            assertThat(text.split("no instance has now", -1)).hasSize(2);
            assertThat(text).contains("WARN").contains("[" + byName + "]").contains(stable.instance().address());
        }
        assertThat(calls(proxy, 300, null)).containsKey("stable");
    }

    private static Map<String, Integer> counts(List<String> answers) {
        Map<String, Integer> counts = new HashMap<>();
        answers.forEach(answer -> counts.merge(answer, 1, Integer::sum));
        return counts;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private RpcServer start(String name, Map<String, String> metadata) throws IOException {
        return zookeeper.closeAfter(RpcServer.builder().registry(providers).host("127.0.0.1").metadata(metadata).build()
                .export(Echo.class, text -> name, "")
                .start());
    }

    private RpcClient client(boolean tagStrict) {
        return zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).tagStrict(tagStrict).build());
    }

    private void awaitInstances(RpcClient client, int count) {
        Polling.await(count + " instances").atMost(APPLIED).until(() -> client.instances(echo).size() == count);
    }

    /**
     * {@code count} calls, each tagged {@code tag} (or not), counted by the instance that answered;
     * from {@value #CALLERS} threads, as a loopback call takes tens of milliseconds on a busy machine.
     */
    private static Map<String, Integer> calls(Echo proxy, int count, String tag) {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int share = count / CALLERS + (c < count % CALLERS ? 1 : 0);
                done.add(callers.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        if (tag != null) {
                            RpcContext.current().setAttachment(RpcContext.TAG, tag);
                        }
                        counts.merge(proxy.echo("x"), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a call failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            callers.shutdownNow();
        }
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
        return new HashMap<>(counts);
    }

    private static final int CALLERS = 16;

    /** Calls until {@code name} answers; the milliseconds from {@code sinceNanos}. */
    private static long untilAnswerFrom(Echo proxy, String name, long sinceNanos) {
        while (!proxy.echo("x").equals(name)) {
            assertThat(System.nanoTime() - sinceNanos).as("time to the new rule").isLessThan(APPLIED.toNanos());
        }
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Calls until an instance other than {@code name} answers, {@value #CONSECUTIVE} times in a row; the milliseconds from {@code sinceNanos} to the first. */
    private static long untilAnswerFromOtherThan(Echo proxy, String name, long sinceNanos) {
        while (proxy.echo("x").equals(name)) {
            assertThat(System.nanoTime() - sinceNanos).as("time to the deletion").isLessThan(APPLIED.toNanos());
        }
        long elapsed = (System.nanoTime() - sinceNanos) / 1_000_000;
        for (int i = 0; i < CONSECUTIVE; i++) {
            assertThat(proxy.echo("x")).isNotEqualTo(name);
        }
        return elapsed;
    }

    private static final int CONSECUTIVE = 20;
}
