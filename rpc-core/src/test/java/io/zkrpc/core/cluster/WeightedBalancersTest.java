package io.zkrpc.core.cluster;

import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** Weights as round-robin, random and the other balancers honour them. */
class WeightedBalancersTest {

    interface Greeter {
        String greet(String name);
    }

    private static final Invocation CALL = invocation(Greeter.class, "greet(java.lang.String)", "ann");

    static Instance weighted(String host, Integer weight) {
        return new Instance("http", host, 8081, "/zkrpc", weight == null ? Map.of() : Map.of("weight", weight.toString()));
    }

    @Test
    void smoothWeightedRoundRobinSpreadsTheHeavyInstanceAsNginxDoes() {
        Instance a = weighted("a", 5);
        Instance b = weighted("b", 1);
        Instance c = weighted("c", 1);
        RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            picks.add(balancer.select(List.of(a, b, c), CALL).host());
        }

        assertThat(picks).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a");
    }

    /**
     * Two pools of candidates taking turns (the tag routing's default and gray pools, say): each keeps
     * its weighted spread, rather than restarting its sequence, always on its heaviest instance, after
     * every call of the other.
     */
    @Test
    void smoothWeightedRoundRobinKeepsEachPoolsSpreadWhenPoolsAlternate() {
        List<Instance> light = List.of(weighted("a", 1), weighted("b", 2));
        List<Instance> heavy = List.of(weighted("c", 1), weighted("d", 3));
        RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1200; i++) {
            counts.merge(balancer.select(light, CALL).host(), 1, Integer::sum);
            counts.merge(balancer.select(heavy, CALL).host(), 1, Integer::sum);
        }

        assertThat(counts).containsEntry("a", 400).containsEntry("b", 800).containsEntry("c", 300).containsEntry("d", 900);
    }

    @Test
    void roundRobinWithEqualWeightsKeepsThePlainTurn() {
        List<Instance> instances = List.of(weighted("a", null), weighted("b", 100), weighted("c", null));
        RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(balancer.select(instances, CALL).host());
        }

        assertThat(picks).containsExactly("a", "b", "c", "a");
    }

    @Test
    void roundRobinSharesFollowWeightsOneTwoThree() {
        Map<String, Double> shares = shares(new RoundRobinLoadBalancer(), 12_000, List.of(weighted("a", 1), weighted("b", 2), weighted("c", 3)));

        assertThat(shares.get("a")).isCloseTo(1 / 6.0, within(0.001));
        assertThat(shares.get("b")).isCloseTo(2 / 6.0, within(0.001));
        assertThat(shares.get("c")).isCloseTo(3 / 6.0, within(0.001));
    }

    @Test
    void weightedRandomSharesFollowWeightsWithinTwoPoints() {
        Random seeded = new Random(11);
        Map<String, Double> shares = shares(new RandomLoadBalancer(seeded::nextDouble), 10_000,
                List.of(weighted("a", 1), weighted("b", 2), weighted("c", 3)));

        assertThat(shares.get("a")).isCloseTo(1 / 6.0, within(0.02));
        assertThat(shares.get("b")).isCloseTo(2 / 6.0, within(0.02));
        assertThat(shares.get("c")).isCloseTo(3 / 6.0, within(0.02));
    }

    @Test
    void weightZeroTakesAnInstanceOutOfEveryBalancerWhileAnotherIsLeft() {
        List<Instance> instances = List.of(weighted("a", 100), weighted("drained", 0), weighted("c", 50));
        Random seeded = new Random(3);
        List<LoadBalancer> balancers = List.of(new RoundRobinLoadBalancer(), new RandomLoadBalancer(seeded::nextDouble),
                new LeastActiveLoadBalancer(seeded::nextDouble), new P2cLoadBalancer(seeded::nextDouble), new ConsistentHashLoadBalancer());

        for (LoadBalancer balancer : balancers) {
            for (int i = 0; i < 1_000; i++) {
                Invocation call = invocation(Greeter.class, "greet(java.lang.String)", "key-" + i);
                assertThat(balancer.select(instances, call, LoadStats.NONE).host()).as(balancer.getClass().getSimpleName()).isNotEqualTo("drained");
                assertThat(balancer.selectAnother(instances, call, LoadStats.NONE).host()).isNotEqualTo("drained");
            }
        }
    }

    @Test
    void anInstanceOfWeightZeroStillAnswersWhenItIsTheOnlyOneLeft() {
        List<Instance> drained = List.of(weighted("x", 0), weighted("y", 0));
        Random seeded = new Random(5);
        List<LoadBalancer> balancers = List.of(new RoundRobinLoadBalancer(), new RandomLoadBalancer(seeded::nextDouble),
                new LeastActiveLoadBalancer(seeded::nextDouble), new P2cLoadBalancer(seeded::nextDouble), new ConsistentHashLoadBalancer());

        for (LoadBalancer balancer : balancers) {
            assertThat(balancer.select(drained, CALL, LoadStats.NONE)).isIn(drained);
            assertThat(balancer.select(drained.subList(0, 1), CALL, LoadStats.NONE)).isEqualTo(drained.get(0));
        }
    }

    @Test
    void aMissingOrMalformedWeightCountsAsTheDefault() {
        assertThat(Weights.of(weighted("a", null))).isEqualTo(100);
        assertThat(Weights.of(new Instance("http", "a", 1, "/", Map.of("weight", "heavy")))).isEqualTo(100);
        assertThat(Weights.of(weighted("a", -3))).isZero();
        assertThat(Weights.of(weighted("a", 7))).isEqualTo(7);
    }

    @Test
    void aRegisteredWeightAboveTheRulesLimitCountsAsThatLimit() {
        assertThat(Weights.of(weighted("a", Integer.MAX_VALUE))).isEqualTo(Weights.MAX);
        assertThat(Weights.of(weighted("a", 10_001))).isEqualTo(10_000);
        assertThat(Weights.of(weighted("a", 10_000))).isEqualTo(10_000);
        assertThat(Weights.of(new Instance("http", "a", 1, "/", Map.of("weight", "99999999999999999999999")))).isEqualTo(Weights.MAX);
        assertThat(Weights.of(new Instance("http", "a", 1, "/", Map.of("weight", "-99999999999999999999999")))).isZero();
    }

    @Test
    void aHostileWeightTakesNoMoreThanTheLargestRuleWeightWould() {
        Map<String, Double> shares = shares(new RoundRobinLoadBalancer(), 10_001,
                List.of(weighted("hostile", Integer.MAX_VALUE), weighted("honest", 10_000)));

        assertThat(shares.get("hostile")).isCloseTo(0.5, within(0.001));
    }

    static Map<String, Double> shares(LoadBalancer balancer, int picks, List<Instance> instances) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.select(instances, CALL, LoadStats.NONE).host(), 1, Integer::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        counts.forEach((host, count) -> shares.put(host, count / (double) picks));
        return shares;
    }
}
