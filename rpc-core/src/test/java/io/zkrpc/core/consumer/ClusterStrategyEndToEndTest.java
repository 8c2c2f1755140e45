package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.CountingBalancer;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/** The cluster strategies and per-method settings, over real HTTP on 127.0.0.1. */
class ClusterStrategyEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        cluster.close();
        clients.forEach(RpcClient::close);
    }

    @Test
    void failfastMakesOneAttemptEvenWhenTheConnectionIsRefused() {
        ProbeProvider live = cluster.start();
        ProbeProvider dead = cluster.start();
        dead.server().kill();
        CountingBalancer balancer = CountingBalancer.roundRobin();
        RpcClient client = client(builder -> builder.loadBalancer(CountingBalancer.NAME, balancer).defaultLoadBalancer(CountingBalancer.NAME));
        Probe probe = client.reference(reference(new PolicyOverrides(null, null, null, ClusterStrategy.FAILFAST, null)));

        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                outcomes.add(probe.read());
            } catch (RpcException e) {
                outcomes.add(e.code());
            }
        }

        // Round robin alternates; every call that drew the dead instance failed there.
        assertThat(outcomes).containsExactlyInAnyOrder(live.port(), live.port(), RpcErrorCode.CONNECT_FAILED, RpcErrorCode.CONNECT_FAILED);
        assertThat(balancer.total()).as("attempts").isEqualTo(4);
        assertThat(live.executions("read")).isEqualTo(2);
    }

    @Test
    void failoverRetriesTheSameRefusedConnectionsThatFailfastDoesNot() {
        ProbeProvider live = cluster.start();
        ProbeProvider dead = cluster.start();
        dead.server().kill();
        CountingBalancer balancer = CountingBalancer.roundRobin();
        RpcClient client = client(builder -> builder.loadBalancer(CountingBalancer.NAME, balancer).defaultLoadBalancer(CountingBalancer.NAME));
        Probe probe = client.reference(Probe.class);

        for (int i = 0; i < 4; i++) {
            assertThat(probe.write()).isEqualTo(live.port());
        }

        // Each attempt on the dead instance was followed by one on the live one.
        assertThat(balancer.picks(dead.port())).isPositive();
        assertThat(balancer.total()).as("attempts").isEqualTo(4 + balancer.picks(dead.port()));
    }

    @Test
    void failsafeReturnsTheEmptyValueWhenEveryInstanceIsDown() throws Exception {
        cluster.start().server().kill();
        cluster.start().server().kill();
        Probe probe = client(builder -> builder).reference(reference(new PolicyOverrides(null, null, null, ClusterStrategy.FAILSAFE, null)));

        assertThat(probe.list(3)).isNotNull().isEmpty();
        assertThat(probe.read()).isZero();
        assertThat(probe.listLater(3).get(5, TimeUnit.SECONDS)).isNotNull().isEmpty();
    }

    @Test
    void failsafeReturnsTheEmptyValueWhenNoInstanceIsKnown() {
        RpcClient client = closedAfterwards(RpcClient.builder().registry(new StaticRegistryCenter()).build());
        Probe probe = client.reference(reference(new PolicyOverrides(null, null, null, ClusterStrategy.FAILSAFE, null)));

        assertThat(probe.list(3)).isNotNull().isEmpty();
        assertThat(probe.read()).isZero();
    }

    @Test
    void failsafeReturnsTheRealAnswerWhenThereIsOne() {
        ProbeProvider live = cluster.start();
        Probe probe = client(builder -> builder).reference(reference(new PolicyOverrides(null, null, null, ClusterStrategy.FAILSAFE, null)));

        assertThat(probe.list(2)).hasSize(2);
        assertThat(probe.read()).isEqualTo(live.port());
    }

    @Test
    void forkingAnswersWithTheFastestProviderWhileAnotherHangs() {
        ProbeProvider hung = cluster.start();
        ProbeProvider fast = cluster.start();
        hung.hang();
        Probe probe = client(builder -> builder)
                .reference(reference(new PolicyOverrides(Duration.ofSeconds(5), 0, null, ClusterStrategy.FORKING, 2)));
        long start = System.nanoTime();

        int answer = probe.read();

        assertThat(answer).isEqualTo(fast.port());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        Awaitility.await("the call forked to the hung provider too").atMost(AWAIT).until(() -> hung.executions("read") == 1);
        assertThat(fast.executions("read")).isEqualTo(1);
    }

    @Test
    void forkingSucceedsWhenOneForkFailsAndFailsWhenEveryForkFails() {
        ProbeProvider live = cluster.start();
        ProbeProvider dead = cluster.start();
        dead.server().kill();
        Probe probe = client(builder -> builder)
                .reference(reference(new PolicyOverrides(null, 0, null, ClusterStrategy.FORKING, 2)));

        assertThat(probe.read()).isEqualTo(live.port());
        assertThat(probe.read()).isEqualTo(live.port());

        live.server().kill();
        assertThatThrownBy(probe::read)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CONNECT_FAILED));
    }

    @Test
    void methodSettingsApplyToThatMethodOnly() {
        ProbeProvider provider = cluster.start();
        Probe probe = client(builder -> builder).reference(new ReferenceConfig<>(Probe.class, "", "",
                PolicyOverrides.timeout(Duration.ofSeconds(2)), Map.of("slow", PolicyOverrides.timeout(Duration.ofMillis(200)))));
        long start = System.nanoTime();

        assertThatThrownBy(() -> probe.slow(1_000))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));

        assertThat(probe.slowToo(600)).isEqualTo(provider.port());
    }

    @Test
    void annotatedTimeoutBeatsTheReferenceAndMethodSettingsBeatTheAnnotation() {
        ProbeProvider provider = cluster.start();
        RpcClient client = client(builder -> builder);
        Probe byAnnotation = client.reference(new ReferenceConfig<>(Probe.class, "", "",
                PolicyOverrides.timeout(Duration.ofSeconds(2)), Map.of()));
        Probe byMethodSetting = client.reference(new ReferenceConfig<>(Probe.class, "", "",
                PolicyOverrides.timeout(Duration.ofSeconds(2)), Map.of("slowAnnotated", PolicyOverrides.timeout(Duration.ofSeconds(2)))));

        assertThatThrownBy(() -> byAnnotation.slowAnnotated(600))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
        assertThat(byMethodSetting.slowAnnotated(600)).isEqualTo(provider.port());
    }

    @Test
    void unknownClusterStrategyIsRejectedWhenTheReferenceIsCreated() {
        RpcClient client = client(builder -> builder);

        assertThatThrownBy(() -> client.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.NONE,
                Map.of("read", new PolicyOverrides(null, null, null, "broadcast", null)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broadcast");
    }

    private static ReferenceConfig<Probe> reference(PolicyOverrides overrides) {
        return new ReferenceConfig<>(Probe.class, "", "", overrides, Map.of());
    }

    private RpcClient client(UnaryOperator<RpcClient.Builder> settings) {
        return closedAfterwards(settings.apply(RpcClient.builder().registry(cluster.registry())).build());
    }

    private RpcClient closedAfterwards(RpcClient client) {
        clients.add(client);
        return client;
    }
}
