package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * zkrpc's counters and gauges in the {@link SimpleMeterRegistry} that Spring Boot's metrics
 * auto-configuration gives a consumer and a provider, over HTTP on 127.0.0.1 and a real ZooKeeper:
 * a registered instance whose port refuses connections makes retries, then refused retries once
 * the small retry budget is spent, then an isolation; the registry gauges follow the instance list
 * and the connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTests {

    private static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final String SERVICE = CatalogService.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedZooKeeper zooKeeper;
    private static ConfigurableApplicationContext provider;
    private static ConfigurableApplicationContext consumer;
    private static Instance refusing;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        provider = new SpringApplicationBuilder(TestProviderApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString()).run();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        refusing = Instance.http("127.0.0.1", closedPort, "/zkrpc");
        provider.getBean(RegistryCenter.class).register(CATALOG, refusing);
        consumer = new SpringApplicationBuilder(TestConsumerApplication.class).web(WebApplicationType.NONE).properties(
                "zkrpc.registry.address=" + zooKeeper.connectString(),
                // A budget of 10 retries in 10 s, whatever the traffic; isolation only after 13 failures in a row.
                "zkrpc.consumer.retry-budget.ratio=0", "zkrpc.consumer.retry-budget.min-per-second=1",
                "zkrpc.consumer.outlier.consecutive-failures=13", "zkrpc.consumer.outlier.minimum-calls=1000",
                "zkrpc.consumer.outlier.base-isolation=60s").run();
        await("the consumer to see both instances").atMost(WAIT)
                .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 2);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static MeterRegistry meters(ConfigurableApplicationContext context) {
        return context.getBean(MeterRegistry.class);
    }

    @Test
    @Order(1)
    void retriesThenRefusedRetriesThenAnIsolationAreCountedWithTheirReasonAndService() {
        MeterRegistry meters = meters(consumer);
        assertThat(meters).isInstanceOf(SimpleMeterRegistry.class);
        CatalogService catalog = consumer.getBean(CatalogClient.class).catalog();
        int failed = 0;
        for (int call = 0; call < 200 && meters.get("zkrpc.client.isolations").counter().count() == 0; call++) {
            try {
                catalog.whoAmI();
            } catch (RpcException e) {
                failed++;
            }
        }

        assertThat(meters.get("zkrpc.client.isolations").counter().count()).isEqualTo(1);
        assertThat(meters.get("zkrpc.client.retries").tag("rpc.service", SERVICE).tag("reason", "CONNECT_FAILED").counter().count())
                .isEqualTo(10);
        double refused = meters.get("zkrpc.client.retries.refused").tag("rpc.service", SERVICE).tag("reason", "CONNECT_FAILED")
                .counter().count();
        assertThat(refused).isEqualTo(3).isEqualTo(failed);
        assertThat(meters.get("zkrpc.client.restorations").counter().count()).isZero();
    }

    @Test
    @Order(2)
    void registryGaugesFollowTheInstanceListAndTheConnection() {
        MeterRegistry meters = meters(consumer);
        assertThat(meters.get("zkrpc.registry.instances").tag("rpc.service", SERVICE).gauge().value()).isEqualTo(2);
        assertThat(meters.get("zkrpc.registry.connected").gauge().value()).isEqualTo(1);
        assertThat(meters.get("zkrpc.registry.snapshot.in.use").gauge().value()).isZero();
        assertThat(meters.get("zkrpc.registry.held.back").gauge().value()).isZero();
        assertThat(meters(provider).get("zkrpc.server.in.flight").gauge().value()).isZero();

        provider.getBean(RegistryCenter.class).unregister(CATALOG, refusing);
        await("the instance gauge to drop to the one live instance").atMost(WAIT)
                .until(() -> meters.get("zkrpc.registry.instances").tag("rpc.service", SERVICE).gauge().value() == 1);

        zooKeeper.close();
        await("the connected gauge to drop").atMost(WAIT).until(() -> meters.get("zkrpc.registry.connected").gauge().value() == 0);
        assertThat(meters.get("zkrpc.registry.instances").tag("rpc.service", SERVICE).gauge().value())
                .as("the last known list is kept").isEqualTo(1);
    }
}
