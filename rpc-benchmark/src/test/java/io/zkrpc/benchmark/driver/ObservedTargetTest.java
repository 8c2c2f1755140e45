package io.zkrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import brave.handler.MutableSpan;
import io.micrometer.core.instrument.Timer;

import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.benchmark.api.ObservedBenchService;
import io.zkrpc.benchmark.observation.BenchObservations;
import io.zkrpc.benchmark.provider.BenchProviderApplication;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/**
 * The target zkrpc-observed really observes, on both sides and in one trace, and nothing else is
 * observed: not zkrpc's plain BenchService calls, not the floor.
 */
class ObservedTargetTest {

    @Test
    void observedCallsAreTimedAndTracedOnBothSidesAndNoOtherCallIs() throws Exception {
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
                ConfigurableApplicationContext provider = BenchProviderApplication.application()
                        .run("--zkrpc.registry.address=" + zookeeper.getConnectString(), "--bench.observed=true");
                ZkRegistryCenter registry = ZkRegistryCenter.builder().connectString(zookeeper.getConnectString()).build()) {
            registry.start();
            try (ObservedClient observed = new ObservedClient(registry, new ZkRpcProperties(), new ConsumerProperties(),
                    new SecurityProperties(), 1.0f, true);
                    RpcClient plain = RpcClient.builder().registry(registry).build();
                    FloorClient floor = new FloorClient("http://127.0.0.1:" + provider.getEnvironment().getProperty("local.server.port"),
                            "floor", Duration.ofSeconds(5), Duration.ofSeconds(5), 2)) {
                BenchObservations driverSide = observed.observations();
                BenchObservations providerSide = provider.getBean(BenchObservations.class);
                ObservedBenchService observedService = observed.service();
                BenchService plainService = plain.reference(BenchService.class);
                untilAnswered(() -> observedService.findById(1));
                untilAnswered(() -> plainService.findById(1));

                long providerSpans = providerSide.spans();
                assertThat(observedService.findById(7).id()).isEqualTo(7);
                MutableSpan client = driverSide.lastSpan();
                MutableSpan server = providerSide.lastSpan();
                assertThat(providerSide.spans()).isEqualTo(providerSpans + 1);
                assertThat(client.kind()).isEqualTo(brave.Span.Kind.CLIENT);
                assertThat(server.kind()).isEqualTo(brave.Span.Kind.SERVER);
                assertThat(server.traceId()).isEqualTo(client.traceId());
                assertThat(server.parentId()).isEqualTo(client.id());
                assertThat(timer(driverSide, "zkrpc.client.requests", ObservedBenchService.class).count()).isGreaterThanOrEqualTo(2);
                assertThat(timer(providerSide, "zkrpc.server.requests", ObservedBenchService.class).count()).isGreaterThanOrEqualTo(2);

                assertThat(plainService.findById(7).id()).isEqualTo(7);
                assertThat(floor.findById(7).id()).isEqualTo(7);
                assertThat(providerSide.spans()).isEqualTo(providerSpans + 1);
                // No meter of BenchService's calls, nor of the floor's requests (http.server.requests has no rpc.service).
                assertThat(providerSide.meters().getMeters()).extracting(meter -> meter.getId().getTag("rpc.service"))
                        .containsOnly(ObservedBenchService.class.getName());
            }
        }
    }

    private static Timer timer(BenchObservations observations, String name, Class<?> service) {
        return observations.meters().get(name).tag("rpc.service", service.getName()).tag("rpc.method", "findById").timer();
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
