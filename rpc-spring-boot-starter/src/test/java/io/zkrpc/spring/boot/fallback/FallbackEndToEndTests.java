package io.zkrpc.spring.boot.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.fallback.api.StockException;
import io.zkrpc.spring.boot.fallback.api.StockService;
import io.zkrpc.spring.boot.fallback.consumer.StockConsumerApplication;
import io.zkrpc.spring.boot.fallback.consumer.StockFallback;
import io.zkrpc.spring.boot.fallback.provider.StockProviderApplication;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.ServiceProperties;

/**
 * {@code @RpcReference(fallback)} and {@code stale-if-error} through the starter, with a real
 * ZooKeeper and HTTP on 127.0.0.1: while the provider runs, the service answers (its own exception
 * included); once every provider is down, stale results answer the arguments called before and the
 * fallback bean the others, and both are counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FallbackEndToEndTests {

    private static final ServiceKey KEY = ServiceKey.of(StockService.class, "", "default");

    @TempDir
    static Path snapshots;

    private static TestingServer zooKeeper;
    private static ConfigurableApplicationContext provider;
    private static ConfigurableApplicationContext consumer;
    private static StockService stocks;
    private static StockFallback fallback;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        provider = new SpringApplicationBuilder(StockProviderApplication.class).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms",
                "zkrpc.registry.address=" + zooKeeper.getConnectString()).run();
        String service = "zkrpc.consumer.services[" + StockService.class.getName() + "].";
        consumer = new SpringApplicationBuilder(StockConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=" + zooKeeper.getConnectString(),
                        "zkrpc.registry.snapshot-file=" + snapshots.resolve("snapshot.json"),
                        service + "methods.price.stale-if-error=5m",
                        service + "methods[priceLater].stale-if-error=5m").run();
        await("the consumer to see the provider").atMost(Duration.ofSeconds(20))
                .until(() -> !consumer.getBean(RpcClient.class).instances(KEY).isEmpty());
        stocks = consumer.getBean(StockConsumerApplication.Caller.class).stocks();
        fallback = consumer.getBean(StockFallback.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null && provider.isActive()) {
            provider.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    @Order(1)
    void thePropertiesBind() {
        ServiceProperties service = consumer.getBean(ConsumerProperties.class).getServices().get(StockService.class.getName());

        assertThat(service.getMethods().get("price").getStaleIfError()).isEqualTo(Duration.ofMinutes(5));
        assertThat(service.getMock()).isNull();
    }

    @Test
    @Order(2)
    void whileTheProviderRunsItAnswersAndItsOwnExceptionIsNotTheFallbacks() {
        assertThat(stocks.price("ACME")).startsWith("ACME@");
        assertThat(RpcContext.current().isStale()).isFalse();
        assertThatThrownBy(() -> stocks.strict("none")).isInstanceOf(StockException.class).hasMessage("no stock none");

        assertThat(fallback.answers()).isZero();
    }

    @Test
    @Order(3)
    void onceEveryProviderIsDownAStaleResultAnswersEqualArgumentsAndTheFallbackTheOthers() throws Exception {
        String fresh = stocks.price("INIT");
        String freshLater = stocks.priceLater("INIT").get(10, TimeUnit.SECONDS);

        provider.close();
        await("the provider to leave").atMost(Duration.ofSeconds(20))
                .until(() -> consumer.getBean(RpcClient.class).instances(KEY).isEmpty());

        assertThat(stocks.price("INIT")).isEqualTo(fresh);
        assertThat(RpcContext.current().isStale()).as("the caller is told").isTrue();
        assertThat(stocks.priceLater("INIT").get(10, TimeUnit.SECONDS)).isEqualTo(freshLater);
        assertThat(stocks.price("NEW")).isEqualTo("fallback:NEW");
        assertThat(RpcContext.current().isStale()).isFalse();
        assertThat(stocks.strict("none")).as("no provider: the fallback answers this method too").isEqualTo("fallback:none");
        assertThat(fallback.answers()).isEqualTo(2);

        MeterRegistry meters = consumer.getBean(MeterRegistry.class);
        assertThat(meters.get("zkrpc.client.stale").tag("rpc.service", KEY.serviceId()).tag("reason", "NO_PROVIDER").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("zkrpc.client.fallbacks").tag("reason", "NO_PROVIDER").counter().count()).isEqualTo(2);
    }
}
