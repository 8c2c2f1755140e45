package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.cluster.ConsistentHashLoadBalancer;
import io.zkrpc.core.cluster.LeastActiveLoadBalancer;
import io.zkrpc.core.cluster.P2cLoadBalancer;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.cluster.RandomLoadBalancer;
import io.zkrpc.core.cluster.RoundRobinLoadBalancer;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The measured figures of the balancers (issue 11): providers on 127.0.0.1, each registered in a
 * real ZooKeeper through a registry of its own as a separate process would be, called over real
 * HTTP from several threads, over at least 10,000 calls per figure. The providers count the calls
 * they run; each test prints its figure on one line starting with {@code FIGURE}.
 */
class BalancerFiguresTest {

    private static final int CALLERS = 8;
    private static final Duration DEADLINE = ZooKeeperExtension.DEADLINE;

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    private final List<Provider> providers = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void weightsOneTwoThreeGiveTheirSharesAndWeightZeroReceivesNoCallWithRoundRobinAndRandom() throws Exception {
        Provider one = provider("w1", 100, 0);
        Provider two = provider("w2", 200, 0);
        Provider three = provider("w3", 300, 0);
        Provider drained = provider("w0", 0, 0);
        RpcClient client = consumer(4);

        for (String balancer : List.of(RoundRobinLoadBalancer.NAME, RandomLoadBalancer.NAME)) {
            Echo echo = reference(client, balancer);
            int calls = 12_000;
            Map<Provider, Integer> before = counts();
            call(calls, i -> echo.echo("k"));
            Map<Provider, Integer> served = since(before);

            double[] shares = {share(served.get(one), calls), share(served.get(two), calls), share(served.get(three), calls)};
            System.out.printf("FIGURE %s weights 1:2:3 (+ one of weight 0) -> %.1f%% / %.1f%% / %.1f%%, weight 0: %d calls, over %d calls%n",
                    balancer, shares[0], shares[1], shares[2], served.get(drained), calls);
            assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).as("calls run by the providers").isEqualTo(calls);
            assertThat(served.get(drained)).as("calls to the instance of weight 0").isZero();
            assertThat(shares[0]).as("share of weight 1").isCloseTo(100.0 / 6, within(2.0));
            assertThat(shares[1]).as("share of weight 2").isCloseTo(200.0 / 6, within(2.0));
            assertThat(shares[2]).as("share of weight 3").isCloseTo(300.0 / 6, within(2.0));
        }
    }

    @Test
    void weightZeroReceivesNoCallWhileTwoOthersServeAndTheServiceStillAnswersWhenAllWeighZero() throws Exception {
        Provider drained = provider("drained", 0, 0);
        Provider a = provider("a", 100, 0);
        Provider b = provider("b", 100, 0);
        RpcClient client = consumer(3);
        Echo echo = reference(client, "");

        int calls = 10_000;
        call(calls, i -> echo.echo("k"));

        System.out.printf("FIGURE weight 0 beside two of weight 100 -> %d / %d / %d calls over %d calls%n",
                drained.calls(), a.calls(), b.calls(), calls);
        assertThat(drained.calls()).as("calls to the instance of weight 0").isZero();
        assertThat(a.calls() + b.calls()).isEqualTo(calls);

        // Every instance of weight 0: a drained service still answers, on any of them.
        List<Provider> allDrained = List.of(provider("z1", 0, 0), provider("z2", 0, 0));
        a.stop();
        b.stop();
        awaitInstances(client, 3);
        Map<Provider, Integer> before = counts();
        List<String> answers = call(300, i -> echo.echo("k"));
        Map<Provider, Integer> served = since(before);
        System.out.printf("FIGURE all three of weight 0 -> %d / %d / %d of %d calls answered%n",
                served.get(drained), served.get(allDrained.get(0)), served.get(allDrained.get(1)), answers.size());
        assertThat(answers).hasSize(300).allSatisfy(answer -> assertThat(answer).isIn("drained", "z1", "z2"));
        assertThat(List.of(served.get(drained), served.get(allDrained.get(0)), served.get(allDrained.get(1))))
                .as("calls to each instance of weight 0").allSatisfy(count -> assertThat(count).isPositive());
    }

    @Test
    void p2cSendsUnderTenPercentOfCallsToAnInstanceFiftyMillisecondsSlowWhileTwoFastOnesServe() throws Exception {
        Provider slow = provider("slow", 100, 50);
        Provider fast1 = provider("fast1", 100, 0);
        Provider fast2 = provider("fast2", 100, 0);
        RpcClient client = consumer(3);
        Echo echo = reference(client, P2cLoadBalancer.NAME);

        int calls = 10_000;
        long started = System.nanoTime();
        call(calls, i -> echo.echo("k"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        double slowShare = share(slow.calls(), calls);
        System.out.printf("FIGURE p2c 50 ms-slow instance -> %.2f%% (%d calls), fast ones %d / %d, over %d calls from %d threads in %d ms%n",
                slowShare, slow.calls(), fast1.calls(), fast2.calls(), calls, CALLERS, millis);
        assertThat(slow.calls() + fast1.calls() + fast2.calls()).isEqualTo(calls);
        assertThat(slowShare).as("share of the slow instance").isLessThan(10.0);
        assertThat(fast1.calls()).isGreaterThan(calls / 4);
        assertThat(fast2.calls()).isGreaterThan(calls / 4);
    }

    @Test
    void leastActiveSendsClearlyFewerCallsToASlowInstanceUnderConcurrency() throws Exception {
        Provider slow = provider("slow", 100, 50);
        Provider fast1 = provider("fast1", 100, 0);
        Provider fast2 = provider("fast2", 100, 0);
        RpcClient client = consumer(3);
        Echo echo = reference(client, LeastActiveLoadBalancer.NAME);

        int calls = 10_000;
        call(calls, i -> echo.echo("k"));

        double slowShare = share(slow.calls(), calls);
        System.out.printf("FIGURE least-active 50 ms-slow instance -> %.2f%% (%d calls), fast ones %d / %d, over %d calls from %d threads%n",
                slowShare, slow.calls(), fast1.calls(), fast2.calls(), calls, CALLERS);
        assertThat(slow.calls() + fast1.calls() + fast2.calls()).isEqualTo(calls);
        // An even spread would give it a third; it holds each call about 50 times longer than the others.
        assertThat(slowShare).as("share of the slow instance").isLessThan(10.0);
        assertThat(fast1.calls()).isGreaterThan(calls / 4);
        assertThat(fast2.calls()).isGreaterThan(calls / 4);
    }

    @Test
    void consistentHashKeepsEveryKeyOnOneInstanceAndMovesOnlyTheKeysOfAnInstanceThatLeaves() throws Exception {
        Provider a = provider("a", 100, 0);
        Provider b = provider("b", 100, 0);
        Provider c = provider("c", 100, 0);
        RpcClient client = consumer(3);
        Echo echo = reference(client, ConsistentHashLoadBalancer.NAME);
        int keys = 1_000;
        int rounds = 10;

        List<String> answers = call(keys * rounds, i -> echo.echo("key-" + (i % keys)));

        Map<String, String> owner = owners(answers, keys, rounds);
        Map<String, Long> perInstance = owner.values().stream().collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        for (Provider provider : List.of(a, b, c)) {
            assertThat(provider.keysServedElsewhereToo(List.of(a, b, c))).as("keys %s shares with another instance", provider.name).isZero();
        }
        assertThat(perInstance).as("keys per instance").containsOnlyKeys("a", "b", "c")
                .allSatisfy((name, count) -> assertThat(count).as("keys of %s", name).isLessThan(keys / 2));

        // The ring's arcs depend on the instances' addresses, so on the free ports of this run: in 2,000 rings of
        // three random ports, one instance in about a hundred held over 40 % of 1,000 keys (45 % at most). The
        // instance of the middle count leaves, so that the bound holds in every run; any instance's keys move alone.
        List<Provider> byKeys = new ArrayList<>(List.of(a, b, c));
        byKeys.sort((x, y) -> Long.compare(perInstance.get(x.name), perInstance.get(y.name)));
        Provider leaving = byKeys.get(1);
        leaving.stop();
        awaitInstances(client, 2);
        List<String> after = call(keys * 2, i -> echo.echo("key-" + (i % keys)));
        Map<String, String> ownerAfter = owners(after, keys, 2);

        int moved = 0;
        for (int k = 0; k < keys; k++) {
            String key = "key-" + k;
            if (owner.get(key).equals(leaving.name)) {
                assertThat(ownerAfter.get(key)).as("new instance of %s", key).isNotEqualTo(leaving.name);
                moved++;
            } else {
                assertThat(ownerAfter.get(key)).as("instance of %s, whose instance stayed", key).isEqualTo(owner.get(key));
            }
        }
        double movedShare = share(moved, keys);
        System.out.printf("FIGURE consistent-hash %d keys x %d calls, each on one instance (a/b/c: %d / %d / %d keys);"
                + " %s leaves -> %.1f%% of keys moved (only its own), over %d calls%n",
                keys, rounds, perInstance.get("a"), perInstance.get("b"), perInstance.get("c"), leaving.name, movedShare, keys * (rounds + 2));
        assertThat(movedShare).as("share of keys moved").isLessThanOrEqualTo(40.0);
    }

    /** The one instance that answered each key over its {@code rounds} calls; fails if a key got two. */
    private static Map<String, String> owners(List<String> answers, int keys, int rounds) {
        Map<String, String> owner = new HashMap<>();
        for (int i = 0; i < keys * rounds; i++) {
            String key = "key-" + (i % keys);
            String previous = owner.putIfAbsent(key, answers.get(i));
            assertThat(previous == null ? answers.get(i) : previous).as("instance of %s", key).isEqualTo(answers.get(i));
        }
        return owner;
    }

    /** A provider registered with {@code weight}, answering its name after {@code delayMillis}. */
    private Provider provider(String name, int weight, int delayMillis) throws Exception {
        Provider provider = new Provider(name, delayMillis);
        provider.server = zookeeper.closeAfter(RpcServer.builder().registry(zookeeper.started())
                .metadata(Map.of("weight", Integer.toString(weight))).build()
                .export(Echo.class, provider::echo, "")
                .start());
        providers.add(provider);
        return provider;
    }

    /** A client on a registry of its own, once it sees {@code instances} instances of the service. */
    private RpcClient consumer(int instances) {
        RpcClient client = zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).build());
        awaitInstances(client, instances);
        return client;
    }

    private void awaitInstances(RpcClient client, int instances) {
        ServiceKey key = providers.get(0).server.serviceKey(Echo.class, "");
        Polling.await("the consumer sees " + instances + " instances").atMost(DEADLINE)
                .until(() -> client.instances(key).size() == instances);
    }

    private static Echo reference(RpcClient client, String balancer) {
        return client.reference(new ReferenceConfig<>(Echo.class, "", balancer, PolicyOverrides.timeout(Duration.ofSeconds(5)), Map.of()));
    }

    /** Runs {@code calls} calls from {@value #CALLERS} threads; the answers by call index. */
    private List<String> call(int calls, IntFunction<String> call) throws Exception {
        String[] answers = new String[calls];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            running.add(callers.submit(() -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    answers[i] = call.apply(i);
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get(60, TimeUnit.SECONDS);
        }
        return List.of(answers);
    }

    private Map<Provider, Integer> counts() {
        Map<Provider, Integer> counts = new HashMap<>();
        providers.forEach(provider -> counts.put(provider, provider.calls()));
        return counts;
    }

    private Map<Provider, Integer> since(Map<Provider, Integer> before) {
        Map<Provider, Integer> counts = new HashMap<>();
        providers.forEach(provider -> counts.put(provider, provider.calls() - before.getOrDefault(provider, 0)));
        return counts;
    }

    private static double share(int part, int whole) {
        return 100.0 * part / whole;
    }

    /** One provider: answers its name, counts the calls it runs and the keys it was called with. */
    private static final class Provider {

        final String name;
        private final int delayMillis;
        private final AtomicInteger calls = new AtomicInteger();
        private final Map<String, AtomicInteger> keys = new ConcurrentHashMap<>();
        RpcServer server;

        Provider(String name, int delayMillis) {
            this.name = name;
            this.delayMillis = delayMillis;
        }

        String echo(String key) {
            calls.incrementAndGet();
            keys.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return name;
        }

        int calls() {
            return calls.get();
        }

        /** How many of the keys this provider ran were also run by another of {@code all}. */
        long keysServedElsewhereToo(List<Provider> all) {
            return keys.keySet().stream()
                    .filter(key -> all.stream().anyMatch(other -> other != this && other.keys.containsKey(key)))
                    .count();
        }

        void stop() {
            server.close();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
