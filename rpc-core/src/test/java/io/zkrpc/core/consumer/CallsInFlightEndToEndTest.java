package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/** The calls in flight a client counts per instance, over real HTTP on 127.0.0.1. */
class CallsInFlightEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

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
    void eachInstanceCountsTheCallsRunningOnItUntilTheyEnd() throws Exception {
        List<ProbeProvider> providers = cluster.start(2);
        client = RpcClient.builder().registry(cluster.registry()).build();
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(AWAIT), Map.of()));

        List<CompletableFuture<List<Dto>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(probe.listLater(1));
        }
        Awaitility.await("the calls at the providers").atMost(AWAIT)
                .until(() -> providers.get(0).executions("listLater") + providers.get(1).executions("listLater") == 4);

        assertThat(client.callsInFlight(providers.get(0).instance())).isEqualTo(2);
        assertThat(client.callsInFlight(providers.get(1).instance())).isEqualTo(2);

        providers.forEach(ProbeProvider::openGate);
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Awaitility.await("the counts back to zero").atMost(AWAIT).until(() -> client.callsInFlight(providers.get(0).instance()) == 0
                && client.callsInFlight(providers.get(1).instance()) == 0);
    }
}
