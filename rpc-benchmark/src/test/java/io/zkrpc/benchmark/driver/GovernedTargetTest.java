package io.zkrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.benchmark.api.BenchData;
import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.benchmark.api.GovernedBenchService;
import io.zkrpc.benchmark.provider.BenchProviderApplication;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/**
 * The target zkrpc-governed really goes through its governance: its calls carry the tenant, which
 * the provider's filter checks (a governed call without it fails), to the tagged provider; the plain
 * service's calls pass the provider's filter untouched.
 */
class GovernedTargetTest {

    @Test
    void governedCallsCarryTheTenantThatTheProvidersFilterChecksAndPlainCallsPassIt() throws Exception {
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
                ConfigurableApplicationContext provider = BenchProviderApplication.application()
                        .run("--zkrpc.registry.address=" + zookeeper.getConnectString(), "--bench.governed=true",
                                "--zkrpc.provider.tag=" + GovernedBenchService.TAG);
                ZkRegistryCenter registry = ZkRegistryCenter.builder().connectString(zookeeper.getConnectString()).build()) {
            registry.start();
            try (GovernedClient governed = new GovernedClient(registry, new ZkRpcProperties(), new ConsumerProperties(),
                    new SecurityProperties());
                    RpcClient plain = RpcClient.builder().registry(registry).build()) {
                BenchService governedService = governed.service();
                BenchService plainService = plain.reference(BenchService.class);
                untilAnswered(() -> governedService.findById(1));
                untilAnswered(() -> plainService.findById(1));

                assertThat(governedService.findById(7)).isEqualTo(BenchData.dto(7));
                assertThat(governedService.echo("x")).isEqualTo("x");
                assertThat(plainService.findById(7)).isEqualTo(BenchData.dto(7));
                // The bare proxy's call has no tenant: the consumer's filter refuses it before it is sent...
                assertThatThrownBy(() -> governed.proxy().findById(7)).hasMessageContaining("without the attachment tenant");
                // ...and the provider's filter refuses one that another client sends.
                GovernedBenchService unfiltered = plain.reference(GovernedBenchService.class);
                assertThatThrownBy(() -> unfiltered.findById(7)).isInstanceOf(RpcException.class)
                        .hasMessageContaining("without the attachment tenant");
            }
        }
    }

    /** Calls until the provider's registration has reached the client, for at most 30 s. */
    private static void untilAnswered(Supplier<?> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                call.get();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
