package io.zkrpc.core.cluster;

import static io.zkrpc.core.cluster.WeightedBalancersTest.weighted;
import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** least-active and p2c over given statistics. */
class StatsBalancersTest {

    interface Greeter {
        String greet(String name);
    }

    private static final Invocation CALL = invocation(Greeter.class, "greet(java.lang.String)", "ann");

    private static final Instance A = weighted("a", null);
    private static final Instance B = weighted("b", null);
    private static final Instance C = weighted("c", null);

    /** Statistics given per host. */
    private record Given(Map<String, Integer> inFlight, Map<String, Double> latency) implements LoadStats {
        @Override
        public int inFlight(Instance instance) {
            return inFlight.getOrDefault(instance.host(), 0);
        }

        @Override
        public double latencyMillis(Instance instance) {
            return latency.getOrDefault(instance.host(), 0.0);
        }
    }

    @Test
    void leastActivePicksTheInstanceWithFewestCallsInFlight() {
        LeastActiveLoadBalancer balancer = new LeastActiveLoadBalancer(new Random(1)::nextDouble);
        LoadStats stats = new Given(Map.of("a", 4, "b", 1, "c", 2), Map.of());

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.select(List.of(A, B, C), CALL, stats)).isEqualTo(B);
        }
    }

    @Test
    void leastActiveBreaksTiesByWeightedRandom() {
        Random seeded = new Random(2);
        LeastActiveLoadBalancer balancer = new LeastActiveLoadBalancer(seeded::nextDouble);
        Instance light = weighted("light", 100);
        Instance heavy = weighted("heavy", 300);
        LoadStats stats = new Given(Map.of("a", 3), Map.of());

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(balancer.select(List.of(A, light, heavy), CALL, stats).host(), 1, Integer::sum);
        }

        assertThat(counts).doesNotContainKey("a");
        assertThat(counts.get("heavy") / 10_000.0).isCloseTo(0.75, within(0.02));
    }

    @Test
    void p2cSendsFewCallsToASlowInstanceWhileFastOnesServe() {
        P2cLoadBalancer balancer = new P2cLoadBalancer(new Random(3)::nextDouble);
        LoadStats stats = new Given(Map.of(), Map.of("a", 1.0, "b", 1.2, "c", 50.0));

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(balancer.select(List.of(A, B, C), CALL, stats).host(), 1, Integer::sum);
        }

        assertThat(counts.getOrDefault("c", 0)).isZero();
        assertThat(counts.get("a") + counts.get("b")).isEqualTo(10_000);
    }

    @Test
    void p2cWeighsCallsInFlightAgainstLatency() {
        P2cLoadBalancer balancer = new P2cLoadBalancer(new Random(4)::nextDouble);
        // a is fast but has 20 calls waiting: (1+1)*(20+1) = 42 > (5+1)*(0+1) = 6.
        LoadStats stats = new Given(Map.of("a", 20), Map.of("a", 1.0, "b", 5.0));

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.select(List.of(A, B), CALL, stats)).isEqualTo(B);
        }
    }
}
