package io.zkrpc.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.Instance;

/** A new instance's weight ramps up over its warm-up, as Dubbo's does. */
class WarmupTest {

    private static final int SELECTIONS = 10_000;

    @Test
    void theWeightGrowsWithUptimeAndIsAtLeastOneWhileWarming() {
        long now = 1_000_000;
        assertThat(Weights.warming(100, "60000", String.valueOf(now), now)).isEqualTo(1);
        assertThat(Weights.warming(100, "60000", String.valueOf(now - 15_000), now)).isEqualTo(25);
        assertThat(Weights.warming(100, "60000", String.valueOf(now - 30_000), now)).isEqualTo(50);
        assertThat(Weights.warming(100, "60000", String.valueOf(now - 60_000), now)).isEqualTo(100);
        assertThat(Weights.warming(100, "60000", String.valueOf(now - 600_000), now)).isEqualTo(100);
    }

    @Test
    void aStartTimeInTheFutureOrUnreadableCountsAsWarmAndNeverThrows() {
        long now = 1_000_000;
        assertThat(Weights.warming(100, "60000", String.valueOf(now + 5_000), now)).isEqualTo(100);
        assertThat(Weights.warming(100, "60000", String.valueOf(Long.MAX_VALUE), now)).isEqualTo(100);
        assertThat(Weights.warming(100, "60000", String.valueOf(Long.MIN_VALUE), now)).isEqualTo(100);
        assertThat(Weights.warming(100, "60000", "yesterday", now)).isEqualTo(100);
        assertThat(Weights.warming(100, "soon", String.valueOf(now), now)).isEqualTo(100);
        assertThat(Weights.warming(100, "-5", String.valueOf(now), now)).isEqualTo(100);
        assertThat(Weights.warming(100, String.valueOf(Long.MAX_VALUE), "0", now)).isEqualTo(1);
        assertThat(Weights.of(instance(8081, Map.of("weight", "100", "warmup", "60000")))).isEqualTo(100);
    }

    @Test
    void withoutWarmupMetadataTheWeightIsTheRegisteredOne() {
        long longAgo = System.currentTimeMillis() - 1;
        assertThat(Weights.of(instance(8081, Map.of("weight", "40", "startTime", String.valueOf(longAgo))))).isEqualTo(40);
        assertThat(Weights.of(instance(8081, Map.of("weight", "0", "warmup", "60000", "startTime", String.valueOf(longAgo))))).isZero();
    }

    @Test
    void anInstanceAtHalfItsWarmupGetsAboutHalfTheShareOfAWarmOne() {
        long now = System.currentTimeMillis();
        Instance warm = instance(8081, Map.of("weight", "100", "startTime", String.valueOf(now - 3_600_000)));
        // Half of a one-hour warm-up: the few milliseconds this test takes do not move it.
        Instance warming = instance(8082, Map.of("weight", "100", "warmup", "3600000", "startTime", String.valueOf(now - 1_800_000)));
        List<Instance> instances = List.of(warm, warming);

        int toWarming = 0;
        for (int i = 0; i < SELECTIONS; i++) {
            if (Weights.weightedRandom(instances, ThreadLocalRandom.current().nextDouble()) == warming) {
                toWarming++;
            }
        }

        double share = (double) toWarming / SELECTIONS;
        System.out.printf("Warm-up: an instance at half its warm-up took %.2f%% of %d weighted-random selections (expected 33.33%%, a warm one 66.67%%)%n",
                share * 100, SELECTIONS);
        assertThat(Weights.of(warming)).isBetween(49, 50);
        assertThat(share).isCloseTo(1.0 / 3, within(0.02));
    }

    @Test
    void smoothRoundRobinFollowsTheRampExactly() {
        long now = System.currentTimeMillis();
        Instance warm = instance(8081, Map.of("weight", "100", "startTime", String.valueOf(now - 3_600_000)));
        Instance quarter = instance(8082, Map.of("weight", "100", "warmup", "4000000", "startTime", String.valueOf(now - 1_000_000)));
        RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();
        io.zkrpc.core.filter.Invocation invocation = io.zkrpc.core.testsupport.TestInvocations.invocation(
                io.zkrpc.core.testsupport.Probe.class, "read()");

        int toQuarter = 0;
        for (int i = 0; i < SELECTIONS; i++) {
            if (balancer.select(List.of(warm, quarter), invocation) == quarter) {
                toQuarter++;
            }
        }

        double share = (double) toQuarter / SELECTIONS;
        System.out.printf("Warm-up: an instance at a quarter of its warm-up took %.2f%% of %d round-robin selections (expected 20%%)%n",
                share * 100, SELECTIONS);
        assertThat(share).isCloseTo(0.2, within(0.02));
    }

    private static Instance instance(int port, Map<String, String> metadata) {
        return new Instance("http", "127.0.0.1", port, "/zkrpc", metadata);
    }
}
