package io.zkrpc.spring.boot.e2e.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.provider.CatalogServiceImpl;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * The load balancer chosen through the starter takes effect, and its three places rank as
 * documented: {@code zkrpc.consumer.services[<interface>].load-balancer} over
 * {@code @RpcReference(loadBalancer)} over {@code zkrpc.consumer.load-balancer}. Three provider
 * applications and consumer applications, real Spring Boot contexts over HTTP on 127.0.0.1 and a
 * real ZooKeeper; the providers count the calls they serve.
 */
class LoadBalancerPropertiesEndToEndTests {

    private static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CALLS = 200;

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> providers = new ArrayList<>();

    @BeforeAll
    static void startProviders() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        for (int i = 0; i < 3; i++) {
            providers.add(new SpringApplicationBuilder(TestProviderApplication.class).properties(
                    "server.port=0",
                    "server.address=127.0.0.1",
                    "zkrpc.provider.host=127.0.0.1",
                    "zkrpc.registry.address=" + zooKeeper.connectString()).run());
        }
    }

    @AfterAll
    static void stopProviders() {
        providers.forEach(ConfigurableApplicationContext::close);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void withoutAnySettingTheCallsOfOneArgumentAreSpreadRoundRobin() {
        try (ConfigurableApplicationContext consumer = consumer()) {
            Clients clients = consumer.getBean(Clients.class);

            assertThat(servedCounts(() -> clients.plain.touch())).as("calls served per provider")
                    .containsExactlyInAnyOrder(CALLS / 3, CALLS / 3 + 1, CALLS / 3 + 1);
        }
    }

    @Test
    void thePerServicePropertyTakesEffectAndRanksAboveTheAnnotationAndTheGlobalDefault() {
        try (ConfigurableApplicationContext consumer = consumer(
                "zkrpc.consumer.load-balancer=random",
                "zkrpc.consumer.services[" + CatalogService.class.getName() + "].load-balancer=consistent-hash")) {
            Clients clients = consumer.getBean(Clients.class);

            List<Integer> plain = servedCounts(() -> clients.plain.touch());
            List<Integer> annotated = servedCounts(() -> clients.roundRobin.touch());
            System.out.printf("FIGURE starter services[...].load-balancer=consistent-hash -> %s and %s calls per provider%n", plain, annotated);

            assertThat(plain).as("calls served per provider, reference without a balancer").containsExactlyInAnyOrder(0, 0, CALLS);
            assertThat(annotated).as("calls served per provider, @RpcReference(loadBalancer = \"round-robin\")")
                    .containsExactlyInAnyOrder(0, 0, CALLS);
            assertThat(servedByForKeys(clients.plain)).as("providers of 30 distinct arguments").hasSizeGreaterThan(1);
        }
    }

    @Test
    void theAnnotationRanksAboveTheGlobalDefault() {
        try (ConfigurableApplicationContext consumer = consumer("zkrpc.consumer.load-balancer=consistent-hash")) {
            Clients clients = consumer.getBean(Clients.class);

            assertThat(servedCounts(() -> clients.plain.touch())).as("calls served per provider, the global consistent-hash")
                    .containsExactlyInAnyOrder(0, 0, CALLS);
            assertThat(servedCounts(() -> clients.roundRobin.touch())).as("calls served per provider, @RpcReference(loadBalancer = \"round-robin\")")
                    .containsExactlyInAnyOrder(CALLS / 3, CALLS / 3 + 1, CALLS / 3 + 1);
        }
    }

    /** A consumer application with {@code properties}, once it sees the three providers. */
    private static ConfigurableApplicationContext consumer(String... properties) {
        List<String> all = new ArrayList<>(List.of("zkrpc.registry.address=" + zooKeeper.connectString()));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext consumer = new SpringApplicationBuilder(BalancingConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run();
        await("the consumer to see three providers").atMost(WAIT)
                .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 3);
        return consumer;
    }

    /** Makes {@value #CALLS} calls; how many each provider served, in the order of the providers. */
    private static List<Integer> servedCounts(Runnable call) {
        List<Integer> before = touches();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        List<Integer> after = touches();
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            served.add(after.get(i) - before.get(i));
        }
        return served;
    }

    private static List<Integer> touches() {
        return providers.stream().map(provider -> provider.getBean(CatalogServiceImpl.class).touches()).toList();
    }

    /** The providers that served {@code find(id)} for ids 1 to 30, each called twice, failing if an id had two. */
    private static Set<String> servedByForKeys(CatalogService catalog) {
        Set<String> servedBy = new HashSet<>();
        for (int id = 1; id <= 30; id++) {
            String first = catalog.find(id).servedBy();
            assertThat(catalog.find(id).servedBy()).as("provider of find(%d), called again", id).isEqualTo(first);
            servedBy.add(first);
        }
        return servedBy;
    }

    /** A consumer of {@link CatalogService}; the scan leaves out classes nested in tests, hence the import. */
    @SpringBootApplication
    @Import(Clients.class)
    static class BalancingConsumerApplication {
    }

    /** One reference with no balancer of its own, one naming round-robin. */
    static class Clients {

        @RpcReference
        CatalogService plain;

        @RpcReference(loadBalancer = "round-robin")
        CatalogService roundRobin;
    }
}
