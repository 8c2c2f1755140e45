package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.testsupport.CountingBalancer;
import io.zkrpc.core.testsupport.Load;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/**
 * Three providers of one service over real HTTP on 127.0.0.1 and a steady stream of calls from
 * several threads, while one provider crashes, hangs, or shuts down.
 */
class FailoverEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<Load> loads = new ArrayList<>();
    private final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void closeEverything() throws InterruptedException {
        for (Load load : loads) {
            load.close();
        }
        cluster.close();
        clients.forEach(RpcClient::close);
    }

    @Test
    void crashedProviderCostsNoCallOfAnIdempotentMethodAndLeavesTheRotation() throws InterruptedException {
        List<ProbeProvider> providers = cluster.start(3);
        ProbeProvider crashing = providers.get(1);
        CountingBalancer balancer = CountingBalancer.roundRobin();
        RpcClient client = client(builder -> builder
                .loadBalancer(CountingBalancer.NAME, balancer).defaultLoadBalancer(CountingBalancer.NAME)
                // Long enough that no half-open probe reaches the dead instance during the test.
                .outlierDetection(isolatingAfter(5, Duration.ofSeconds(60))));
        Probe probe = client.reference(Probe.class);
        // Enough calls that the load still runs at the crash: a call over loopback takes about a millisecond.
        Load load = load(Load.start(4, 1_000, probe::read));
        Awaitility.await("calls before the crash").atMost(AWAIT).pollInterval(Duration.ofMillis(1)).until(() -> load.calls() >= 20);

        crashing.server().kill();
        load.awaitFinished(AWAIT);

        assertThat(load.failures()).isEmpty();
        assertThat(load.calls()).isEqualTo(4_000);
        assertThat(client.isolatedInstances()).containsOnlyKeys(crashing.address());
        assertThat(client.isolatedInstances().get(crashing.address()).reason()).contains("CONNECT_FAILED");

        int attemptsOnTheDeadOne = balancer.picks(crashing.port());
        Load after = load(Load.start(4, 25, probe::read)).awaitFinished(AWAIT);

        assertThat(after.failures()).isEmpty();
        assertThat(balancer.picks(crashing.port())).as("attempts on the crashed provider").isEqualTo(attemptsOnTheDeadOne);
        assertThat(after.answersFrom(providers.get(0).port()) + after.answersFrom(providers.get(2).port())).isEqualTo(100);
        assertThat(after.answersFrom(providers.get(0).port())).isPositive();
        assertThat(after.answersFrom(providers.get(2).port())).isPositive();
    }

    @Test
    void timeoutOfANonIdempotentMethodFailsTheCallWithoutTryingAnotherProvider() {
        ProbeProvider hung = cluster.start();
        List<ProbeProvider> others = cluster.start(2);
        hung.hang();
        Probe probe = firstInstanceFirst(Duration.ofMillis(200));

        assertThatThrownBy(probe::write)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT))
                .hasMessageContaining(hung.address());

        assertThat(hung.executions("write")).isEqualTo(1);
        assertThat(others).allSatisfy(other -> assertThat(other.executions("write")).isZero());
    }

    @Test
    void timeoutOfAnIdempotentMethodFailsOverToAnotherProvider() {
        ProbeProvider hung = cluster.start();
        List<ProbeProvider> others = cluster.start(2);
        hung.hang();
        Probe probe = firstInstanceFirst(Duration.ofMillis(200));
        long start = System.nanoTime();

        int answer = probe.read();

        assertThat(answer).isEqualTo(others.get(0).port());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
        assertThat(hung.executions("read")).isEqualTo(1);
        assertThat(others.get(0).executions("read")).isEqualTo(1);
        assertThat(others.get(1).executions("read")).isZero();
    }

    @Test
    void hungProviderIsIsolatedAfterConsecutiveTimeoutsAndRestoredWhenItRecovers() throws InterruptedException {
        List<ProbeProvider> providers = cluster.start(3);
        ProbeProvider hung = providers.get(2);
        hung.hang();
        RpcClient client = client(builder -> builder.outlierDetection(isolatingAfter(3, Duration.ofSeconds(1))));
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(Duration.ofMillis(200)), Map.of()));
        // Calls until stopped: 2,000 per thread could all be made while the provider was still isolated, leaving none to reach it.
        Load load = load(Load.start(3, 1_000_000, probe::read));

        Awaitility.await("the hung provider isolated").atMost(AWAIT)
                .until(() -> client.isolatedInstances().containsKey(hung.address()));
        assertThat(client.isolatedInstances().get(hung.address()).reason()).contains("TIMEOUT");
        int startedBeforeRecovery = hung.executions("read");

        hung.recover();

        Awaitility.await("calls reaching the recovered provider again").atMost(AWAIT)
                .until(() -> hung.executions("read") >= startedBeforeRecovery + 10 && load.answersFrom(hung.port()) >= 10);
        Awaitility.await("no instance isolated").atMost(AWAIT).until(() -> client.isolatedInstances().isEmpty());
        load.stop(AWAIT);

        assertThat(load.failures()).isEmpty();
        // One attempt timed out at 200 ms, the retry answered: far from the 3 s default timeout.
        assertThat(load.maxLatency()).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void gracefullyClosingProviderCostsNoCallEvenOfANonIdempotentMethod() throws Exception {
        List<ProbeProvider> providers = cluster.start(3);
        ProbeProvider leaving = providers.get(2);
        RpcClient client = client(builder -> builder);
        Probe probe = client.reference(Probe.class);
        Load load = load(Load.start(4, 5_000, probe::write));
        Awaitility.await("every provider serving").atMost(AWAIT).until(() -> providers.stream().allMatch(p -> load.answersFrom(p.port()) >= 5));

        // Hold calls on the leaving provider, so that the shutdown has calls in flight to drain.
        leaving.hang();
        Awaitility.await("a call in flight on the leaving provider").atMost(AWAIT).until(() -> leaving.blocked() >= 1);
        Thread closer = new Thread(() -> leaving.server().close(), "closer");
        closer.start();
        Awaitility.await("the leaving provider refusing new calls").atMost(AWAIT).until(() -> refusesNewCalls(leaving));
        assertThat(cluster.registry().fetchAll(ProbeCluster.KEY)).doesNotContain(leaving.instance());
        int held = leaving.blocked();
        leaving.recover();
        closer.join(AWAIT.toMillis());
        assertThat(closer.isAlive()).as("close() still draining").isFalse();
        int callsAtClose = load.calls();
        Awaitility.await("calls after the provider stopped").atMost(AWAIT).until(() -> load.calls() >= callsAtClose + 200);
        load.stop(AWAIT);

        assertThat(load.failures()).isEmpty();
        assertThat(held).isPositive();
        assertThat(load.answersFrom(leaving.port())).isGreaterThanOrEqualTo(5 + held);
    }

    @Test
    void providerAnsweringShuttingDownIsRetriedForEveryMethodAndIsolatedAtOnce() throws InterruptedException {
        List<ProbeProvider> providers = cluster.start(3);
        ProbeProvider leaving = providers.get(0);
        // Refuses new calls but stays registered: every call sent there comes back as 503.
        leaving.server().dispatcher().stopAccepting();
        CountingBalancer balancer = CountingBalancer.roundRobin();
        RpcClient client = client(builder -> builder.loadBalancer(CountingBalancer.NAME, balancer).defaultLoadBalancer(CountingBalancer.NAME));
        Probe probe = client.reference(Probe.class);

        Load load = load(Load.start(2, 30, probe::write)).awaitFinished(AWAIT);

        assertThat(load.failures()).isEmpty();
        assertThat(load.answeringPorts()).containsExactlyInAnyOrder(providers.get(1).port(), providers.get(2).port());
        assertThat(leaving.executions("write")).isZero();
        assertThat(balancer.picks(leaving.port())).as("attempts on the leaving provider").isBetween(1, 2);
        assertThat(client.isolatedInstances()).containsOnlyKeys(leaving.address());
        assertThat(client.isolatedInstances().get(leaving.address()).reason()).contains("shutting down");
    }

    @Test
    void retryBudgetCapsExtraAttemptsWhenEveryInstanceFails() {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cluster.start(builder -> builder.filter(chain -> {
                attempts.incrementAndGet();
                throw new RpcException(RpcErrorCode.SHUTTING_DOWN, "refused by the test");
            }));
        }
        Probe probe = client(builder -> builder.retryBudget(0.1, 0)).reference(Probe.class);
        int calls = 200;

        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(probe::write)
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SHUTTING_DOWN));
        }

        // Two retries each would be 600 attempts; the budget allows 10 % more than the calls.
        assertThat(attempts.get()).isGreaterThan(calls).isLessThanOrEqualTo(calls + calls / 10 + 2);
    }

    @Test
    void withoutABudgetLimitEachRetryTriesAnotherInstance() {
        List<AtomicInteger> attempts = List.of(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        for (AtomicInteger counter : attempts) {
            cluster.start(builder -> builder.filter(chain -> {
                counter.incrementAndGet();
                throw new RpcException(RpcErrorCode.SHUTTING_DOWN, "refused by the test");
            }));
        }
        Probe probe = client(builder -> builder.retryBudget(2.0, 0)).reference(Probe.class);

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(probe::write)
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(RpcErrorCode.SHUTTING_DOWN);
                        assertThat(e.getSuppressed()).hasSize(2);
                    });
        }

        assertThat(attempts).allSatisfy(counter -> assertThat(counter.get()).isEqualTo(20));
    }

    /** A reference that always tries the first registered provider first, then the next. */
    private Probe firstInstanceFirst(Duration timeout) {
        RpcClient client = client(builder -> builder.loadBalancer("first", CountingBalancer.first()));
        return client.reference(new ReferenceConfig<>(Probe.class, "", "first", PolicyOverrides.timeout(timeout), Map.of()));
    }

    /** Whether the provider answers a call with 503 now (a malformed one: it runs nothing either way). */
    private static boolean refusesNewCalls(ProbeProvider provider) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        try {
            return provider.server().dispatcher().dispatch(new ByteArrayInputStream(body), body.length, body.length, System.nanoTime())
                    .join().status() == 503;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutlierDetection isolatingAfter(int consecutiveFailures, Duration pause) {
        return new OutlierDetection(consecutiveFailures, 0.5, 10_000, Duration.ofSeconds(10), pause, pause.multipliedBy(2));
    }

    private RpcClient client(UnaryOperator<RpcClient.Builder> settings) {
        RpcClient client = settings.apply(RpcClient.builder().registry(cluster.registry())).build();
        clients.add(client);
        return client;
    }

    private Load load(Load load) {
        loads.add(load);
        return load;
    }
}
