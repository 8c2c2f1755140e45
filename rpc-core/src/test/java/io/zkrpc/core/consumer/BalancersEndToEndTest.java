package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.cluster.P2cLoadBalancer;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/** The balancers that read the client's statistics, over real HTTP on 127.0.0.1, counted by the providers. */
class BalancersEndToEndTest {

    /** Sequential calls; the figures over 10,000 calls and a real ZooKeeper are in rpc-registry-zk's BalancerFiguresTest. */
    private static final int CALLS = 400;

    private final ProbeCluster cluster = new ProbeCluster();
    private RpcClient client;

    @AfterEach
    void closeEverything() {
        if (client != null) {
            client.close();
        }
        cluster.close();
    }

    @Test
    void p2cSendsUnderTenPercentOfCallsToAnInstanceFiftyMillisecondsSlowWhileTwoFastOnesServe() {
        Filter slowly = chain -> {
            Thread.sleep(50);
            return chain.proceed(chain.invocation());
        };
        ProbeProvider slow = cluster.start(builder -> builder.filter(slowly));
        List<ProbeProvider> fast = cluster.start(2);
        client = RpcClient.builder().registry(cluster.registry()).build();
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", P2cLoadBalancer.NAME,
                PolicyOverrides.timeout(Duration.ofSeconds(5)), Map.of()));

        // Past the first calls, whose connection set-up makes any instance look slow for a moment.
        for (int i = 0; i < 30; i++) {
            probe.read();
        }
        int[] before = {slow.executions("read"), fast.get(0).executions("read"), fast.get(1).executions("read")};
        for (int i = 0; i < CALLS; i++) {
            probe.read();
        }

        int toSlow = slow.executions("read") - before[0];
        int toFast0 = fast.get(0).executions("read") - before[1];
        int toFast1 = fast.get(1).executions("read") - before[2];
        assertThat(toSlow + toFast0 + toFast1).isEqualTo(CALLS);
        assertThat(toSlow).as("calls to the slow instance").isLessThan(CALLS / 10);
        assertThat(toFast0).isGreaterThan(CALLS / 4);
        assertThat(toFast1).isGreaterThan(CALLS / 4);
    }

    @Test
    void roundRobinHonoursRegisteredWeightsAndWeightZeroReceivesNoCall() {
        ProbeProvider one = cluster.start(builder -> builder.metadata(Map.of("weight", "100")));
        ProbeProvider three = cluster.start(builder -> builder.metadata(Map.of("weight", "300")));
        ProbeProvider drained = cluster.start(builder -> builder.metadata(Map.of("weight", "0")));
        client = RpcClient.builder().registry(cluster.registry()).build();
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(Duration.ofSeconds(5)), Map.of()));

        for (int i = 0; i < CALLS; i++) {
            probe.read();
        }

        assertThat(drained.executions("read")).isZero();
        assertThat(one.executions("read")).isEqualTo(CALLS / 4);
        assertThat(three.executions("read")).isEqualTo(CALLS * 3 / 4);
    }
}
