package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.PingService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/** {@code zkrpc.security.secret} wires both sides: a provider with it serves consumers with it and refuses the others. */
class SecurityEndToEndTests {

    private static final ServiceKey PING = ServiceKey.of(PingService.class, "", "default");

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startProvider() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        contexts.add(new SpringApplicationBuilder(TestProviderApplication.class).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms",
                "zkrpc.registry.address=" + zooKeeper.connectString(),
                "zkrpc.security.secret=new",
                "zkrpc.security.previous-secrets=old").run());
    }

    @AfterAll
    static void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void theProvidersDispatcherChecksSignatures() {
        assertThat(contexts.get(0).getBean(ProviderDispatcher.class).authenticates()).isTrue();
    }

    @Test
    void consumersWithTheSecretOrThePreviousOneAreServed() {
        assertThat(ping("zkrpc.security.secret=new").ping("a")).isEqualTo("pong a");
        assertThat(ping("zkrpc.security.secret=old").ping("b")).isEqualTo("pong b");
    }

    @Test
    void aServiceSecretOfTheConsumerTakesThePlaceOfTheSharedOne() {
        PingService ping = ping("zkrpc.security.secret=wrong", "zkrpc.security.services[" + PingService.class.getName() + "].secret=new");

        assertThat(ping.ping("c")).isEqualTo("pong c");
    }

    @Test
    void consumersWithoutTheSecretAreRefused() {
        for (PingService ping : List.of(ping(), ping("zkrpc.security.secret=wrong"))) {
            assertThatThrownBy(() -> ping.ping("d"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED));
        }
    }

    private static PingService ping(String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("zkrpc.registry.address=" + zooKeeper.connectString());
        ConfigurableApplicationContext consumer = new SpringApplicationBuilder(TestConsumerApplication.class)
                .web(WebApplicationType.NONE).properties(all.toArray(String[]::new)).run();
        contexts.add(consumer);
        await("the consumer to see the provider").atMost(Duration.ofSeconds(20))
                .until(() -> consumer.getBean(RpcClient.class).instances(PING).size() == 1);
        return consumer.getBean(CatalogClient.class).ping();
    }
}
