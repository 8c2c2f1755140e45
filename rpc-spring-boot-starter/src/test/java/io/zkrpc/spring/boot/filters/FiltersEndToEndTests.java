package io.zkrpc.spring.boot.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.filters.api.ContextService;
import io.zkrpc.spring.boot.filters.consumer.FilterConsumerApplication;
import io.zkrpc.spring.boot.filters.provider.FilterProviderApplication;

/**
 * Filter beans on both sides, through the starter, with a real ZooKeeper and HTTP on 127.0.0.1:
 * they run in their {@code @Order}, what a consumer filter attaches reaches the provider's filters and
 * {@link RpcContext}, and a provider filter may answer without calling the bean.
 */
class FiltersEndToEndTests {

    private static TestingServer zooKeeper;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static ContextService service;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        contexts.add(new SpringApplicationBuilder(FilterProviderApplication.class).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms",
                "zkrpc.context.propagate=tenant",
                "zkrpc.registry.address=" + zooKeeper.getConnectString()).run());
        ConfigurableApplicationContext consumer = new SpringApplicationBuilder(FilterConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=" + zooKeeper.getConnectString()).run();
        contexts.add(consumer);
        await("the consumer to see the provider").atMost(Duration.ofSeconds(20)).until(() -> !consumer.getBean(RpcClient.class)
                .instances(ServiceKey.of(ContextService.class, "", "default")).isEmpty());
        await("the provider to see itself").atMost(Duration.ofSeconds(20)).until(() -> !contexts.get(0).getBean(RpcClient.class)
                .instances(ServiceKey.of(ContextService.class, "", "default")).isEmpty());
        service = consumer.getBean(FilterConsumerApplication.Caller.class).contexts();
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @BeforeEach
    void clearLog() {
        FilterLog.ENTRIES.clear();
    }

    @Test
    void whatAConsumerFilterAttachesReachesTheProvidersFiltersAndRpcContext() {
        assertThat(service.attachment("tenant")).isEqualTo("acme");

        assertThat(FilterLog.ENTRIES).contains("provider-first tenant=acme context=acme");
    }

    @Test
    void filtersRunInTheirOrderOnBothSides() {
        service.greet("bob");

        assertThat(FilterLog.ENTRIES).containsExactly("consumer-first", "consumer-tenant", "provider-first tenant=acme context=acme",
                "provider-second", "bean");
    }

    @Test
    void aProviderFilterMayAnswerWithoutCallingTheBean() {
        assertThat(service.greet("short")).isEqualTo("answered by the filter");

        assertThat(FilterLog.ENTRIES).containsExactly("consumer-first", "consumer-tenant", "provider-first tenant=acme context=acme",
                "provider-second", "provider-short-circuit");
        assertThat(service.greet("bob")).isEqualTo("hello bob");
    }

    @Test
    void aProvidersOwnCallCarriesOnlyTheAttachmentsNamedInZkrpcContextPropagate() {
        assertThat(service.relay("tenant")).isEqualTo("acme");
        RpcContext.current().setAttachment("region", "eu");
        assertThat(service.relay("region")).isNull();
    }

    @Test
    void theApplicationsContextAttachmentTravelsBesideTheFiltersOne() {
        RpcContext.current().setAttachment("region", "eu");

        assertThat(service.attachment("region")).isEqualTo("eu");
        assertThat(service.attachment("region")).isNull();
    }
}
