package io.zkrpc.core.cluster;

import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

class ConsistentHashLoadBalancerTest {

    interface Store {
        String get(String key, int part);
    }

    private static final int KEYS = 10_000;

    private static Invocation call(String key, int part) {
        return invocation(Store.class, "get(java.lang.String,int)", key, part);
    }

    private static List<Instance> instances(int count) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(Instance.http("10.0.0." + (i + 1), 8081, "/zkrpc"));
        }
        return instances;
    }

    private static Map<String, Instance> placement(LoadBalancer balancer, List<Instance> instances) {
        Map<String, Instance> placed = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            placed.put("key-" + k, balancer.select(instances, call("key-" + k, k), LoadStats.NONE));
        }
        return placed;
    }

    @Test
    void theSameFirstArgumentAlwaysGoesToTheSameInstance() {
        ConsistentHashLoadBalancer balancer = new ConsistentHashLoadBalancer();
        List<Instance> instances = instances(5);

        Instance first = balancer.select(instances, call("user-42", 1), LoadStats.NONE);
        for (int i = 0; i < 100; i++) {
            // The second argument is not part of the key by default.
            assertThat(balancer.select(instances, call("user-42", i), LoadStats.NONE)).isEqualTo(first);
        }
        // Another consumer (another balancer) places the key alike, whatever the order of the list.
        List<Instance> reversed = new ArrayList<>(instances);
        java.util.Collections.reverse(reversed);
        assertThat(new ConsistentHashLoadBalancer().select(reversed, call("user-42", 7), LoadStats.NONE)).isEqualTo(first);
    }

    @Test
    void keysSpreadOverAllInstances() {
        Map<Instance, Integer> counts = new HashMap<>();
        placement(new ConsistentHashLoadBalancer(), instances(10)).values().forEach(i -> counts.merge(i, 1, Integer::sum));

        assertThat(counts).hasSize(10);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(KEYS / 10 / 2, KEYS / 10 * 2));
    }

    @Test
    void whenOneOfTenLeavesOnlyItsKeysMove() {
        ConsistentHashLoadBalancer balancer = new ConsistentHashLoadBalancer();
        List<Instance> ten = instances(10);
        Instance leaving = ten.get(3);
        Map<String, Instance> before = placement(balancer, ten);
        List<Instance> nine = new ArrayList<>(ten);
        nine.remove(leaving);

        Map<String, Instance> after = placement(balancer, nine);

        int moved = 0;
        for (String key : before.keySet()) {
            if (before.get(key).equals(leaving)) {
                moved++;
            } else {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            }
        }
        assertThat(moved).isBetween(KEYS / 20, KEYS / 5);
    }

    @Test
    void whenOneJoinsAboutOneInElevenKeysMoveAllToTheNewInstance() {
        ConsistentHashLoadBalancer balancer = new ConsistentHashLoadBalancer();
        List<Instance> ten = instances(10);
        List<Instance> eleven = instances(11);
        Map<String, Instance> before = placement(balancer, ten);

        Map<String, Instance> after = placement(balancer, eleven);

        int moved = 0;
        for (String key : before.keySet()) {
            if (!after.get(key).equals(before.get(key))) {
                moved++;
                assertThat(after.get(key)).isEqualTo(eleven.get(10));
            }
        }
        assertThat(moved / (double) KEYS).isBetween(1 / 11.0 - 0.03, 1 / 11.0 + 0.03);
    }

    @Test
    void whenOneOfThreeLeavesAtMostAboutAThirdOfKeysMove() {
        ConsistentHashLoadBalancer balancer = new ConsistentHashLoadBalancer();
        List<Instance> three = instances(3);
        Map<String, Instance> before = placement(balancer, three);

        Map<String, Instance> after = placement(balancer, three.subList(0, 2));

        long moved = before.keySet().stream().filter(key -> !after.get(key).equals(before.get(key))).count();
        assertThat(moved / (double) KEYS).isLessThan(0.40);
    }

    @Test
    void hashesOnTheChosenArguments() {
        ConsistentHashLoadBalancer bySecond = new ConsistentHashLoadBalancer(160, 1);
        List<Instance> instances = instances(5);

        Instance first = bySecond.select(instances, call("a", 7), LoadStats.NONE);
        for (int i = 0; i < 50; i++) {
            assertThat(bySecond.select(instances, call("other-" + i, 7), LoadStats.NONE)).isEqualTo(first);
        }
    }

    @Test
    void aRetryGoesToAnotherInstance() {
        ConsistentHashLoadBalancer balancer = new ConsistentHashLoadBalancer();
        List<Instance> instances = instances(3);
        Instance first = balancer.select(instances, call("k", 0), LoadStats.NONE);
        List<Instance> remaining = new ArrayList<>(instances);
        remaining.remove(first);

        assertThat(balancer.selectAnother(remaining, call("k", 0), LoadStats.NONE)).isIn(remaining);
    }
}
