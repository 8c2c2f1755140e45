package io.zkrpc.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.cache.CacheStats;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.actuate.ZkRpcStatus;
import io.zkrpc.spring.boot.cache.api.QuoteService;
import io.zkrpc.spring.boot.cache.consumer.QuoteConsumerApplication;
import io.zkrpc.spring.boot.cache.provider.QuoteProviderApplication;
import io.zkrpc.spring.boot.properties.ConsumerProperties;

/**
 * The result cache through the starter, with a real ZooKeeper and HTTP on 127.0.0.1: the consumer's
 * {@code zkrpc.consumer.services[..].methods.<name>.cache.*} properties and {@code @RpcMethod(cacheTtl)}
 * cache results, failures are not cached, and the status the Actuator endpoint shows counts hits and misses.
 */
class ResultCacheEndToEndTests {

    private static TestingServer zooKeeper;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static ConfigurableApplicationContext consumer;
    private static QuoteService quotes;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        contexts.add(new SpringApplicationBuilder(QuoteProviderApplication.class).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms",
                "zkrpc.registry.address=" + zooKeeper.getConnectString()).run());
        String service = "zkrpc.consumer.services[" + QuoteService.class.getName() + "].methods.";
        consumer = new SpringApplicationBuilder(QuoteConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=" + zooKeeper.getConnectString(),
                        service + "quote.cache.ttl=5m",
                        service + "quote.cache.max-size=2",
                        service + "risky.cache.ttl=5m").run();
        contexts.add(consumer);
        await("the consumer to see the provider").atMost(Duration.ofSeconds(20)).until(() -> !consumer.getBean(RpcClient.class)
                .instances(ServiceKey.of(QuoteService.class, "", "default")).isEmpty());
        quotes = consumer.getBean(QuoteConsumerApplication.Caller.class).quotes();
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

    @Test
    void thePropertiesBind() {
        var method = consumer.getBean(ConsumerProperties.class).getServices().get(QuoteService.class.getName())
                .getMethods().get("quote");

        assertThat(method.getCache().getTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(method.getCache().getMaxSize()).isEqualTo(2);
    }

    @Test
    void aConfiguredCacheAnswersEqualCallsAndTheStatusCountsHitsAndMisses() {
        String first = quotes.quote("ACME");

        assertThat(quotes.quote("ACME")).isEqualTo(first);
        int executions = QuoteProviderApplication.executions("quote");
        assertThat(quotes.quote("INIT")).isNotEqualTo(first);
        assertThat(QuoteProviderApplication.executions("quote")).isEqualTo(executions + 1);
        assertThat(stats("quote").hits()).isGreaterThanOrEqualTo(1);
        assertThat(stats("quote").misses()).isGreaterThanOrEqualTo(2);
        assertThat(stats("quote").size()).isBetween(1L, 2L);
    }

    @Test
    void anAnnotatedMethodIsCachedWithoutProperties() {
        String first = quotes.annotated("ACME");
        int executions = QuoteProviderApplication.executions("annotated");

        assertThat(quotes.annotated("ACME")).isEqualTo(first);
        assertThat(QuoteProviderApplication.executions("annotated")).isEqualTo(executions);
        assertThat(stats("annotated").hits()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailureIsNotCached() {
        int before = QuoteProviderApplication.executions("risky");

        assertThatThrownBy(() -> quotes.risky("fail")).hasMessageContaining("no quote for fail");
        assertThatThrownBy(() -> quotes.risky("fail")).hasMessageContaining("no quote for fail");

        assertThat(QuoteProviderApplication.executions("risky")).isEqualTo(before + 2);
    }

    @SuppressWarnings("unchecked")
    private static CacheStats stats(String method) {
        ZkRpcStatus status = new ZkRpcStatus(consumer.getBean(RegistryCenter.class), consumer.getBean(RpcClient.class), () -> null);
        Map<String, Map<String, CacheStats>> caches = (Map<String, Map<String, CacheStats>>) status.read().get("caches");
        return caches.get(ServiceKey.of(QuoteService.class, "", "default").toString()).entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(method + "(")).map(Map.Entry::getValue).findFirst().orElseThrow();
    }
}
