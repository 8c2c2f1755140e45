package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeException;
import io.zkrpc.core.testsupport.ProbeProvider;

/** Methods returning {@link CompletableFuture}, over real HTTP on 127.0.0.1. */
class AsyncCallEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        cluster.close();
        clients.forEach(RpcClient::close);
    }

    @Test
    void callReturnsAnIncompleteFutureAtOnceThatCompletesWithTheTypedValue() throws Exception {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(cluster.registry(), Duration.ofSeconds(10));
        long start = System.nanoTime();

        CompletableFuture<List<Dto>> future = probe.listLater(3);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(future).isNotDone();
        Awaitility.await("the call reached the provider").atMost(AWAIT).until(() -> provider.executions("listLater") == 1);
        assertThat(future).isNotDone();

        provider.openGate();

        String name = "from-" + provider.port();
        assertThat(future.get(10, TimeUnit.SECONDS))
                .hasOnlyElementsOfType(Dto.class)
                .containsExactly(new Dto(0, name), new Dto(1, name), new Dto(2, name));
    }

    @Test
    void manyCallsAreInFlightAtOnceFromOneCallerThread() throws Exception {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(cluster.registry(), Duration.ofSeconds(10));

        List<CompletableFuture<List<Dto>>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(probe.listLater(1));
        }

        Awaitility.await("every call at the provider at once").atMost(AWAIT).until(() -> provider.executions("listLater") == 20);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        provider.openGate();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(futures).allSatisfy(future -> assertThat(future.join()).containsExactly(new Dto(0, "from-" + provider.port())));
    }

    @Test
    void businessExceptionOfTheProviderFailsTheFutureWithItsOwnType() {
        cluster.start();
        Probe probe = probe(cluster.registry(), Duration.ofSeconds(10));

        CompletableFuture<String> future = probe.failLater("nothing today");

        assertThat(future).failsWithin(AWAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isExactlyInstanceOf(ProbeException.class)
                .withMessage("nothing today");
    }

    @Test
    void timeoutFailsTheFutureWithTimeout() {
        cluster.start();
        Probe probe = probe(cluster.registry(), Duration.ofMillis(200));

        CompletableFuture<List<Dto>> future = probe.listLater(1);

        assertThat(future).failsWithin(AWAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
    }

    @Test
    void callFailsOverFromADeadInstanceWithoutBlockingTheCaller() throws Exception {
        ProbeProvider live = cluster.start();
        cluster.start().server().kill();
        live.openGate();
        Probe probe = probe(cluster.registry(), Duration.ofSeconds(10));

        List<CompletableFuture<List<Dto>>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(probe.listLater(1));
        }

        for (CompletableFuture<List<Dto>> future : futures) {
            assertThat(future.get(10, TimeUnit.SECONDS)).containsExactly(new Dto(0, "from-" + live.port()));
        }
    }

    @Test
    void callToDeadInstancesOnlyFailsTheFutureInsteadOfThrowing() {
        cluster.start().server().kill();
        cluster.start().server().kill();
        Probe probe = probe(cluster.registry(), Duration.ofSeconds(10));

        CompletableFuture<List<Dto>> future = probe.listLater(1);

        assertThat(future).failsWithin(AWAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CONNECT_FAILED));
    }

    @Test
    void callWithoutAnyInstanceFailsTheFutureWithNoProvider() {
        Probe probe = probe(new StaticRegistryCenter(), Duration.ofSeconds(10));

        CompletableFuture<List<Dto>> future = probe.listLater(1);

        assertThat(future).failsWithin(AWAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.NO_PROVIDER));
    }

    private Probe probe(StaticRegistryCenter registry, Duration timeout) {
        RpcClient client = RpcClient.builder().registry(registry).build();
        clients.add(client);
        return client.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(timeout), Map.of()));
    }
}
