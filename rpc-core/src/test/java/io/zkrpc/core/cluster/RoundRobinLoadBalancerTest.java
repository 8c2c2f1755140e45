package io.zkrpc.core.cluster;

import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

class RoundRobinLoadBalancerTest {

    interface Greeter {
        String greet(String name);

        String part(String name);
    }

    private static final List<Instance> INSTANCES = List.of(
            Instance.http("10.0.0.1", 8081, "/zkrpc"),
            Instance.http("10.0.0.2", 8081, "/zkrpc"),
            Instance.http("10.0.0.3", 8081, "/zkrpc"));

    private final RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();

    @Test
    void takesTheInstancesInTurnAndStartsOverAfterTheLast() {
        Invocation call = invocation(Greeter.class, "greet(java.lang.String)", "ann");

        List<Instance> chosen = select(7, call);

        assertThat(chosen).containsExactly(
                INSTANCES.get(0), INSTANCES.get(1), INSTANCES.get(2),
                INSTANCES.get(0), INSTANCES.get(1), INSTANCES.get(2),
                INSTANCES.get(0));
    }

    @Test
    void keepsASeparateTurnForEachService() {
        Invocation v1 = invocation(new ServiceKey(Greeter.class.getName(), "1", null), Greeter.class, "greet(java.lang.String)", "a");
        Invocation v2 = invocation(new ServiceKey(Greeter.class.getName(), "2", null), Greeter.class, "greet(java.lang.String)", "b");

        Instance firstOfV1 = balancer.select(INSTANCES, v1);
        Instance secondOfV1 = balancer.select(INSTANCES, v1);
        Instance firstOfV2 = balancer.select(INSTANCES, v2);
        Instance thirdOfV1 = balancer.select(INSTANCES, v1);

        assertThat(List.of(firstOfV1, secondOfV1, thirdOfV1)).containsExactly(INSTANCES.get(0), INSTANCES.get(1), INSTANCES.get(2));
        assertThat(firstOfV2).isEqualTo(INSTANCES.get(0));
    }

    @Test
    void keepsASeparateTurnForEachMethod() {
        Invocation greet = invocation(Greeter.class, "greet(java.lang.String)", "ann");
        Invocation part = invocation(Greeter.class, "part(java.lang.String)", "ann");
        List<Instance> greets = new ArrayList<>();
        List<Instance> parts = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            greets.add(balancer.select(INSTANCES, greet));
            parts.add(balancer.select(INSTANCES, part));
        }

        assertThat(greets).containsExactlyElementsOf(INSTANCES);
        assertThat(parts).containsExactlyElementsOf(INSTANCES);
    }

    @Test
    void furtherAttemptsOfACallLeaveTheTurnOfFirstAttemptsAlone() {
        Invocation call = invocation(Greeter.class, "greet(java.lang.String)", "ann");
        List<Instance> firsts = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            Instance first = balancer.select(INSTANCES, call);
            firsts.add(first);
            List<Instance> remaining = INSTANCES.stream().filter(instance -> !instance.equals(first)).toList();
            assertThat(balancer.selectAnother(remaining, call)).isIn(remaining);
        }

        assertThat(firsts).containsExactly(INSTANCES.get(0), INSTANCES.get(1), INSTANCES.get(2),
                INSTANCES.get(0), INSTANCES.get(1), INSTANCES.get(2));
    }

    private List<Instance> select(int times, Invocation call) {
        List<Instance> chosen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            chosen.add(balancer.select(INSTANCES, call));
        }
        return chosen;
    }
}
