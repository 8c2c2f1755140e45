package io.zkrpc.core.cluster;

import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

class RandomLoadBalancerTest {

    interface Greeter {
        String greet(String name);
    }

    private static final List<Instance> INSTANCES = List.of(
            Instance.http("10.0.0.1", 8081, "/zkrpc"),
            Instance.http("10.0.0.2", 8081, "/zkrpc"),
            Instance.http("10.0.0.3", 8081, "/zkrpc"));

    private final RandomLoadBalancer balancer = new RandomLoadBalancer();
    private final Invocation call = invocation(Greeter.class, "greet(java.lang.String)", "ann");

    @Test
    void choosesOnlyAmongTheGivenInstances() {
        for (int i = 0; i < 200; i++) {
            assertThat(balancer.select(INSTANCES, call)).isIn(INSTANCES);
        }
    }

    @Test
    void reachesEveryInstanceEventually() {
        Set<Instance> seen = new HashSet<>();
        // 1000 draws miss one of three instances with probability 3 * (2/3)^1000: never in practice.
        for (int i = 0; i < 1000 && seen.size() < INSTANCES.size(); i++) {
            seen.add(balancer.select(INSTANCES, call));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(INSTANCES);
    }
}
