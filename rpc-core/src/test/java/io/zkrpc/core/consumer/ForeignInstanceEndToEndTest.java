package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.CountingBalancer;
import io.zkrpc.core.testsupport.Load;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/**
 * An instance registered for a service it does not export (a crashed provider's address reused
 * by another zkrpc application), and the spread of calls over instances, over real HTTP on 127.0.0.1.
 */
class ForeignInstanceEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<RpcServer> foreign = new ArrayList<>();
    private final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        clients.forEach(RpcClient::close);
        cluster.close();
        foreign.forEach(RpcServer::close);
    }

    @Test
    void instanceNotExportingTheServiceCostsNoCallEvenOfANonIdempotentMethodAndIsIsolated() throws Exception {
        RpcServer other = foreignServer();
        cluster.registry().register(ProbeCluster.KEY, other.instance());
        ProbeProvider real = cluster.start();
        CountingBalancer balancer = CountingBalancer.roundRobin();
        RpcClient client = client(builder -> builder
                .loadBalancer(CountingBalancer.NAME, balancer).defaultLoadBalancer(CountingBalancer.NAME)
                // Long enough that no half-open probe reaches the foreign instance during the test.
                .outlierDetection(new OutlierDetection(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                        Duration.ofSeconds(120))));
        Probe probe = client.reference(Probe.class);

        Load load = Load.start(1, 300, probe::write).awaitFinished(AWAIT);

        assertThat(load.failures()).isEmpty();
        assertThat(load.calls()).isEqualTo(300);
        assertThat(load.answeringPorts()).containsExactly(real.port());
        assertThat(real.executions("write")).isEqualTo(300);
        assertThat(balancer.picks(other.instance().port())).as("attempts on the foreign instance").isEqualTo(1);
        assertThat(client.isolatedInstances()).containsOnlyKeys(other.instance().address());
        assertThat(client.isolatedInstances().get(other.instance().address()).reason()).contains("does not export the service");
    }

    @Test
    void callsOfTwoMethodsInTurnEachSpreadOverBothInstances() throws Exception {
        List<ProbeProvider> providers = cluster.start(2);
        Probe probe = client(builder -> builder).reference(Probe.class);

        for (int i = 0; i < 50; i++) {
            probe.read();
            probe.write();
        }

        // One turn per service would send every read to one instance and every write to the other.
        assertThat(providers).allSatisfy(provider -> {
            assertThat(provider.executions("read")).isEqualTo(25);
            assertThat(provider.executions("write")).isEqualTo(25);
        });
    }

    /** A zkrpc endpoint that exports another service only. */
    private RpcServer foreignServer() throws IOException {
        RpcServer server = RpcServer.builder().registry(new StaticRegistryCenter()).build().export(WhoAmI.class, () -> 0, "");
        foreign.add(server);
        return server.start();
    }

    private RpcClient client(UnaryOperator<RpcClient.Builder> settings) {
        RpcClient client = settings.apply(RpcClient.builder().registry(cluster.registry())).build();
        clients.add(client);
        return client;
    }
}
